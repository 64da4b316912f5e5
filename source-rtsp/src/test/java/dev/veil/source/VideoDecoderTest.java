package dev.veil.source;

import static org.bytedeco.ffmpeg.global.avcodec.avcodec_find_decoder_by_name;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which decoder {@link VideoDecoder} opens for a file's video stream, and what it says about why. */
class VideoDecoderTest {

    private static final CudaDevices NO_GPU = new CudaDevices(false, false, false);
    private static final VideoInput.Settings FILE = new VideoInput.Settings(false, SourceConfig.RtspTransport.TCP,
            Duration.ofSeconds(5), Duration.ofSeconds(5), DecoderSetting.AUTO, 0, NO_GPU);

    @TempDir
    Path dir;

    @Test
    void theCpuDecodesWhenAskedAndTheDecoderSaysWhy() throws Exception {
        Path video = TestVideos.synthetic(dir.resolve("cpu.mp4"), 320, 240, 5, 25, false);
        try (InterruptFlag interrupt = new InterruptFlag();
             Demuxer demuxer = Demuxer.open(video.toString(), "cpu.mp4", FILE, interrupt);
             VideoDecoder decoder = VideoDecoder.open(demuxer.stream(), DecoderSetting.CPU,
                     new CudaDevices(true, true, true), 2, "cpu.mp4")) {
            assertEquals("h264", decoder.codecName());
            assertEquals("h264", decoder.name());
            assertEquals("VEIL_DECODER=cpu", decoder.reason());
            assertEquals(320, decoder.width());
            assertEquals(240, decoder.height());
        }
    }

    @Test
    void nvdecThatCannotStartFallsBackToTheCpuAndSaysSo() throws Exception {
        Assumptions.assumeFalse(CudaDevices.probe().visible(), "skipped: here NVDEC would start");
        Assumptions.assumeTrue(avcodec_find_decoder_by_name("h264_cuvid") != null,
                "skipped: this FFmpeg has no h264_cuvid");
        Path video = TestVideos.synthetic(dir.resolve("no-gpu.mp4"), 320, 240, 5, 25, false);
        try (InterruptFlag interrupt = new InterruptFlag();
             Demuxer demuxer = Demuxer.open(video.toString(), "no-gpu.mp4", FILE, interrupt);
             // What a container shows when its device files are there but the GPU does not answer.
             VideoDecoder decoder = VideoDecoder.open(demuxer.stream(), DecoderSetting.AUTO,
                     new CudaDevices(true, true, true), 0, "no-gpu.mp4")) {
            assertEquals("h264", decoder.name());
            assertEquals("h264_cuvid could not start, decoding on the CPU", decoder.reason());
        }
    }

    @Test
    void aCodecWithoutADecoderIsRefusedWithItsName() throws Exception {
        Path video = TestVideos.unsupportedCodec(dir.resolve("avs2.ts"));
        try (InterruptFlag interrupt = new InterruptFlag();
             Demuxer demuxer = Demuxer.open(video.toString(), "avs2.ts", FILE, interrupt)) {
            assertNotNull(demuxer.stream());
            InputException refused = assertThrows(InputException.class,
                    () -> VideoDecoder.open(demuxer.stream(), DecoderSetting.AUTO, NO_GPU, 0, "avs2.ts"));
            assertEquals(InputException.Kind.UNSUPPORTED_CODEC, refused.kind());
            assertTrue(refused.getMessage().contains("avs2"), refused.getMessage());
        }
    }
}
