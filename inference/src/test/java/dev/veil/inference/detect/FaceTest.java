package dev.veil.inference.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class FaceTest {

    @Test
    void clampsBoxScoreAndLandmarksIntoTheFrame() {
        Face face = new Face(-0.25, 0.1, 1.5, 0.9, 1.2, List.of(new Landmark(-0.1, 0.5), new Landmark(0.5, 1.01)));

        assertEquals(0.0, face.xMin());
        assertEquals(0.1, face.yMin());
        assertEquals(1.0, face.xMax());
        assertEquals(0.9, face.yMax());
        assertEquals(1.0, face.score());
        assertEquals(List.of(new Landmark(0.0, 0.5), new Landmark(0.5, 1.0)), face.landmarks());
        assertEquals(1.0, face.width());
        assertEquals(0.8, face.height(), 1e-12);

        // Points already inside are kept as they are; a negative zero is clamped like any point outside.
        List<Landmark> inside = List.of(new Landmark(0.0, 1.0), new Landmark(0.3, 0.7));
        assertEquals(inside, new Face(0, 0, 1, 1, 0.5, inside).landmarks());
        assertEquals(List.of(new Landmark(0.0, 0.0)),
                new Face(0, 0, 1, 1, 0.5, List.of(new Landmark(-0.0, -0.0))).landmarks());
    }

    @Test
    void iouOfOverlappingDisjointAndEqualBoxes() {
        Face a = new Face(0.0, 0.0, 0.4, 0.4, 0.9, List.of());
        Face b = new Face(0.2, 0.2, 0.6, 0.6, 0.9, List.of());
        // intersection 0.04, union 0.16 + 0.16 - 0.04
        assertEquals(0.04 / 0.28, a.iou(b), 1e-12);
        assertEquals(a.iou(b), b.iou(a), 1e-12);
        assertEquals(1.0, a.iou(a), 1e-12);
        assertEquals(0.0, a.iou(new Face(0.5, 0.5, 0.7, 0.7, 0.9, List.of())));
    }

    @Test
    void refusesInvertedBoxesAndNotANumber() {
        assertThrows(IllegalArgumentException.class, () -> new Face(0.6, 0.1, 0.5, 0.9, 0.9, List.of()));
        assertThrows(IllegalArgumentException.class, () -> new Face(0.1, 0.1, 0.5, Double.NaN, 0.9, List.of()));
        assertThrows(IllegalArgumentException.class, () -> new Landmark(Double.POSITIVE_INFINITY, 0));
    }

    @Test
    void candidateNormalizesToTheFrameAndTranslates() {
        Candidate c = new Candidate(64, 36, 128, 108, 0.8, List.of(new Landmark(96, 72)));

        Face face = c.translated(64, 0).normalized(1280, 720);

        assertEquals(new Face(0.1, 0.05, 0.15, 0.15, 0.8, List.of(new Landmark(0.125, 0.1))), face);
    }
}
