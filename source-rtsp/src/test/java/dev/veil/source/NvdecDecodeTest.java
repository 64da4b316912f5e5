package dev.veil.source;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.veil.frame.v1.Frame;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Decoding on the GPU (NVDEC, h264_cuvid): runs only where a CUDA device is visible. */
class NvdecDecodeTest {

    @TempDir
    Path dir;

    @BeforeEach
    void needsAGpu() {
        CudaDevices cuda = CudaDevices.probe();
        Assumptions.assumeTrue(cuda.visible(), "skipped: NVDEC needs a visible CUDA device, here there is "
                + cuda.missing());
    }

    @Test
    void h264IsDecodedByNvdecWithTheSamePicturesAsTheCpu() throws Exception {
        Path video = TestVideos.synthetic(dir.resolve("gpu.mp4"), 1280, 720, 20, 25, false);
        TestConfig gpu = TestConfig.of(video);
        gpu.decoder = DecoderSetting.NVDEC;
        TestConfig cpu = TestConfig.of(video);
        cpu.decoder = DecoderSetting.CPU;

        try (VideoSource onGpu = new VideoSource(gpu.build()).start();
             VideoSource onCpu = new VideoSource(cpu.build()).start()) {
            List<Frame> fromGpu = SourceDriver.frames(SourceDriver.readAll(onGpu, 20));
            List<Frame> fromCpu = SourceDriver.frames(SourceDriver.readAll(onCpu, 20));

            assertEquals("h264_cuvid", onGpu.stats().stream("gpu").decoder());
            assertEquals("h264", onCpu.stats().stream("gpu").decoder());
            assertEquals(20, fromGpu.size());
            for (int i = 0; i < 20; i++) {
                assertEquals(fromCpu.get(i).getPtsMicros(), fromGpu.get(i).getPtsMicros());
                assertEquals(1280, fromGpu.get(i).getWidth());
                assertEquals(720, fromGpu.get(i).getHeight());
            }
        }
    }

    @Test
    void a4kPictureFromNvdecIsShrunkIntoTheBoxLikeTheCpusPicture() throws Exception {
        Path video = TestVideos.synthetic(dir.resolve("gpu-4k.mp4"), 3840, 2160, 5, 15, false);
        TestConfig gpu = TestConfig.of(video);
        gpu.decoder = DecoderSetting.NVDEC;
        gpu.maxFrameSize = new FrameSizeLimit(1280, 720);
        TestConfig cpu = TestConfig.of(video);
        cpu.decoder = DecoderSetting.CPU;
        cpu.maxFrameSize = new FrameSizeLimit(1280, 720);

        try (VideoSource onGpu = new VideoSource(gpu.build()).start();
             VideoSource onCpu = new VideoSource(cpu.build()).start()) {
            List<Frame> fromGpu = SourceDriver.frames(SourceDriver.readAll(onGpu, 5));
            List<Frame> fromCpu = SourceDriver.frames(SourceDriver.readAll(onCpu, 5));
            assertEquals("h264_cuvid", onGpu.stats().stream("gpu-4k").decoder());
            assertEquals(5, fromGpu.size());
            for (int i = 0; i < 5; i++) {
                assertEquals(1280, fromGpu.get(i).getWidth());
                assertEquals(720, fromGpu.get(i).getHeight());
                try (var g = dev.veil.frame.JpegCodec.decode(fromGpu.get(i).getJpeg().toByteArray());
                     var c = dev.veil.frame.JpegCodec.decode(fromCpu.get(i).getJpeg().toByteArray())) {
                    double psnr = org.bytedeco.opencv.global.opencv_core.PSNR(g, c);
                    org.junit.jupiter.api.Assertions.assertTrue(psnr > 30,
                            "NVDEC's picture (NV12) shrunk like the CPU's (YUV 4:2:0): PSNR " + psnr + " dB");
                }
            }
        }
    }
}
