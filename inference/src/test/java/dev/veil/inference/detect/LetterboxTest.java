package dev.veil.inference.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class LetterboxTest {

    @Test
    void landscapeFrameIsScaledToTheWidthAndPaddedTopAndBottom() {
        Letterbox box = Letterbox.fit(1280, 720, 640, 640);

        assertEquals(new Letterbox(1280, 720, 640, 640, 0.5, 640, 360, 0, 140), box);
        assertEquals(640.0, box.toSourceX(320));
        assertEquals(360.0, box.toSourceY(320));
        assertEquals(0.0, box.toSourceY(140));
        assertEquals(720.0, box.toSourceY(500));
    }

    @Test
    void portraitFrameIsPaddedLeftAndRight() {
        Letterbox box = Letterbox.fit(810, 1080, 640, 640);

        // 640/1080 = 0.5926; 810 * 0.5926 = 480 exactly; (640 - 480) / 2 = 80.
        assertEquals(480, box.resizedWidth());
        assertEquals(640, box.resizedHeight());
        assertEquals(80, box.padLeft());
        assertEquals(0, box.padTop());
        assertEquals(0.0, box.toSourceX(80));
        assertEquals(810.0, box.toSourceX(560));
        assertEquals(1080.0, box.toSourceY(640));
    }

    @Test
    void oddPaddingPutsTheExtraPixelAfterTheImage() {
        Letterbox box = Letterbox.fit(1280, 720, 192, 192);

        // 192/1280 = 0.15; 720 * 0.15 = 108; 192 - 108 = 84 -> 42 above, 42 below.
        assertEquals(new Letterbox(1280, 720, 192, 192, 0.15, 192, 108, 0, 42), box);

        Letterbox odd = Letterbox.fit(100, 51, 32, 32);
        // 32/100 = 0.32; 51 * 0.32 = 16.32 -> 16 rows; 16 rows of padding -> 8 above, 8 below.
        assertEquals(16, odd.resizedHeight());
        assertEquals(8, odd.padTop());
        Letterbox odder = Letterbox.fit(100, 53, 32, 32);
        // 53 * 0.32 = 16.96 -> 17 rows; 15 rows of padding -> 7 above, 8 below.
        assertEquals(17, odder.resizedHeight());
        assertEquals(7, odder.padTop());
    }

    @Test
    void inverseMappingUsesTheExactResizeFactorOfEachAxis() {
        Letterbox box = Letterbox.fit(100, 53, 32, 32);

        // 17 rows stand for 53: the bottom edge of the image (7 + 17 = 24) maps to 53, not 24/0.32.
        assertEquals(53.0, box.toSourceY(24), 1e-12);
        assertEquals(100.0, box.toSourceX(32), 1e-12);
    }

    @Test
    void candidateMapsBackWithItsLandmarks() {
        Letterbox box = Letterbox.fit(1280, 720, 640, 640);
        Candidate inInput = new Candidate(100, 200, 150, 260, 0.9, List.of(new Landmark(120, 230)));

        Candidate inFrame = box.toSource(inInput);

        assertEquals(new Candidate(200, 120, 300, 240, 0.9, List.of(new Landmark(240, 180))), inFrame);
    }

    @Test
    void refusesEmptySizes() {
        assertThrows(IllegalArgumentException.class, () -> Letterbox.fit(0, 720, 640, 640));
        assertThrows(IllegalArgumentException.class, () -> Letterbox.fit(1280, 720, 640, -1));
    }
}
