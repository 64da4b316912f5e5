package dev.veil.inference;

import static org.bytedeco.opencv.global.opencv_core.CV_8UC1;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.veil.inference.AnnotatedFaces.Match;
import dev.veil.inference.blazeface.BlazeFaceDetector;
import dev.veil.inference.detect.Face;
import dev.veil.inference.detect.FaceDetector;
import dev.veil.inference.haar.HaarFaceDetector;
import java.nio.file.Path;
import java.util.List;
import org.bytedeco.opencv.opencv_core.Mat;
import org.junit.jupiter.api.Test;

/** The builtin models that are not the default, and what all detectors share. */
class OtherDetectorsTest {

    private static List<Face> detectPortrait(FaceDetector detector) {
        try (Mat portrait = TestImages.read(TestImages.astronaut())) {
            return detector.detect(portrait);
        }
    }

    @Test
    void haarFindsThePortraitFaceWithoutLandmarks() {
        try (HaarFaceDetector haar = new HaarFaceDetector(0.5)) {
            List<Face> faces = detectPortrait(haar);

            assertEquals(new Match(1, 0, 0, List.of()), Match.of(faces, AnnotatedFaces.of("astronaut.jpg"), 512, 512, 0.5),
                    "faces: " + faces);
            assertEquals(List.of(), faces.get(0).landmarks());
            assertTrue(faces.get(0).score() >= 0.5, "score " + faces.get(0).score());
        }
    }

    @Test
    void haarScoreGrowsWithAgreeingWindows() {
        assertEquals(0.5, HaarFaceDetector.score(4));
        assertEquals(0.75, HaarFaceDetector.score(12));
        assertEquals(0.9, HaarFaceDetector.score(36));
    }

    @Test
    void haarConfidenceDropsWeakFaces() {
        try (HaarFaceDetector strict = new HaarFaceDetector(0.999)) {
            assertEquals(List.of(), detectPortrait(strict));
        }
    }

    @Test
    void shortRangeBlazeFaceFindsTheCloseUpPortrait() {
        try (BlazeFaceDetector blaze = BlazeFaceDetector.bundled(BlazeFaceDetector.Range.SHORT, 0.5, false)) {
            List<Face> faces = detectPortrait(blaze);

            assertEquals(new Match(1, 0, 0, List.of()), Match.of(faces, AnnotatedFaces.of("astronaut.jpg"), 512, 512, 0.5),
                    "faces: " + faces);
            assertEquals(6, faces.get(0).landmarks().size());
        }
    }

    @Test
    void bundledAndSharedBlazeFaceAreTheSameModel() {
        Path shared = TestImages.sharedOrSkip("models/blazeface-full-range.tflite");
        try (BlazeFaceDetector bundled = BlazeFaceDetector.bundled(BlazeFaceDetector.Range.FULL, 0.5, false);
             BlazeFaceDetector fromFile = BlazeFaceDetector.open(shared, 0.5, false)) {
            assertEquals(detectPortrait(bundled), detectPortrait(fromFile));
        }
    }

    @Test
    void aClosedDetectorRefusesToRun() {
        BlazeFaceDetector blaze = BlazeFaceDetector.bundled(BlazeFaceDetector.Range.SHORT, 0.5, false);
        blaze.close();
        blaze.close(); // twice is harmless
        try (Mat portrait = TestImages.read(TestImages.astronaut())) {
            assertThrows(IllegalStateException.class, () -> blaze.detect(portrait));
        }
    }

    @Test
    void aGreyImageIsRefusedClearly() {
        try (BlazeFaceDetector blaze = BlazeFaceDetector.bundled(BlazeFaceDetector.Range.SHORT, 0.5, false);
             Mat grey = new Mat(64, 64, CV_8UC1)) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> blaze.detect(grey));
            assertTrue(e.getMessage().contains("3-channel"), e.getMessage());
        }
    }
}
