package dev.veil.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.file.Path;
import java.time.Duration;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A file's container read by the {@link Demuxer}: its video stream's packets, rate and length. */
class DemuxerTest {

    private static final VideoInput.Settings FILE = new VideoInput.Settings(false, SourceConfig.RtspTransport.TCP,
            Duration.ofSeconds(5), Duration.ofSeconds(5), DecoderSetting.AUTO, 0, new CudaDevices(false, false, false));

    @TempDir
    Path dir;

    @Test
    void onlyTheVideoPacketsComeOutThenTheEnd() throws Exception {
        Path video = TestVideos.synthetic(dir.resolve("with-audio.mp4"), 320, 240, 30, 25, true);
        try (InterruptFlag interrupt = new InterruptFlag();
             Demuxer demuxer = Demuxer.open(video.toString(), "with-audio.mp4", FILE, interrupt)) {
            assertEquals(25, demuxer.frameRate(), 0.01);
            assertEquals(30, demuxer.declaredFrames());
            int packets = 0;
            for (AVPacket packet = demuxer.read(System.nanoTime()); packet != null;
                 packet = demuxer.read(System.nanoTime())) {
                assertEquals(demuxer.stream().index(), packet.stream_index(), "no audio packet");
                packets++;
            }
            assertEquals(30, packets);
            assertNull(demuxer.readFailure(), "read to its end");
        }
    }
}
