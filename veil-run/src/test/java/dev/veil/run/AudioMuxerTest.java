package dev.veil.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.opencv.opencv_core.Mat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AudioMuxerTest {

    @TempDir
    Path dir;

    @Test
    void theAudioOfOneFileJoinsTheVideoOfAnother() throws Exception {
        Path withAudio = dir.resolve("with-audio.mp4");
        SampleVideo.writeSample(withAudio, 3);
        Path videoOnly = dir.resolve("video-only.mp4");
        try (Mat portrait = SampleVideo.portrait()) {
            SampleVideo.panAndZoom(portrait, videoOnly, 640, 360, 25, 2, new SampleVideo.Camera(1.2, 0.5, 0.5), false);
        }
        Path joined = dir.resolve("joined.mp4");

        assertEquals(AudioMuxer.Outcome.COPIED, AudioMuxer.mux(videoOnly, withAudio, joined));

        try (FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(joined.toFile())) {
            grabber.start();
            assertTrue(grabber.hasAudio());
            assertEquals("aac", grabber.getAudioCodecName());
            assertEquals(640, grabber.getImageWidth(), "the video is the video-only file's");
            int frames = 0;
            while (grabber.grabImage() != null) {
                frames++;
            }
            assertEquals(50, frames);
            // 2 s of video: the 3 s of audio is cut where the video ends (within an AAC frame)
            assertEquals(2.0, grabber.getLengthInTime() / 1e6, 0.1);
        }
    }

    @Test
    void aSourceWithoutAudioIsReported() throws Exception {
        Path video = dir.resolve("v.mp4");
        try (Mat portrait = SampleVideo.portrait()) {
            SampleVideo.panAndZoom(portrait, video, 320, 180, 25, 0.5, new SampleVideo.Camera(1, 0.5, 0.5), false);
        }
        Path joined = dir.resolve("joined.mp4");
        assertEquals(AudioMuxer.Outcome.NO_AUDIO, AudioMuxer.mux(video, video, joined));
        assertFalse(Files.exists(joined) && Files.size(joined) > 0);
    }
}
