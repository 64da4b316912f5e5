package dev.veil.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.veil.run.SampleVideo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.bytedeco.opencv.opencv_core.Mat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DetectorPaceTest {

    @TempDir
    Path dir;

    @Test
    void theDefaultDetectorsSearchesOfAVideosFirstPictureAreTimedAndSummed() throws Exception {
        Path video = dir.resolve("scene.mp4");
        SampleVideo.writeSample(video, 1, 320, 240, 25, false);
        try (Mat first = DetectorPace.firstPicture(video)) {
            assertEquals(320, first.cols());
            assertEquals(240, first.rows());
            assertEquals(3, first.channels());

            DetectorPace pace = DetectorPace.measure(first);
            assertEquals(DetectorPace.TIMED, pace.searches());
            assertTrue(pace.fastestMs() > 0 && pace.fastestMs() <= pace.medianMs()
                    && pace.medianMs() <= pace.slowestMs(), pace.describe());
            assertTrue(pace.describe().matches("[0-9.]+ ms \\(median of 9; [0-9.]+-[0-9.]+\\)"), pace.describe());
        }
        assertEquals(DetectorPace.TIMED, DetectorPace.ofFirstPicture(video).searches());
    }

    @Test
    void aFileWithoutAPictureIsAClearError() throws IOException {
        Path notVideo = Files.writeString(dir.resolve("notes.mp4"), "not a video");
        IOException e = assertThrows(IOException.class, () -> DetectorPace.firstPicture(notVideo));
        assertTrue(e.getMessage().contains("notes.mp4"), e.getMessage());
    }
}
