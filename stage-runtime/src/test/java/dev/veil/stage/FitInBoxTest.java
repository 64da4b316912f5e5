package dev.veil.stage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.veil.stage.FitInBox.Size;
import org.junit.jupiter.api.Test;

class FitInBoxTest {

    @Test
    void aFourKPictureFillsA720pBox() {
        assertEquals(new Size(1280, 720), FitInBox.fit(3840, 2160, 1280, 720, false));
    }

    @Test
    void aPortraitPictureIsLimitedByTheBoxHeight() {
        // scale = min(1280/810, 720/1080) = 2/3
        assertEquals(new Size(540, 720), FitInBox.fit(810, 1080, 1280, 720, false));
    }

    @Test
    void aPanoramaIsLimitedByTheBoxWidth() {
        // scale = 1280/2470; 421 * 1280/2470 = 218.17, rounded to the nearest even 218
        assertEquals(new Size(1280, 218), FitInBox.fit(2470, 421, 1280, 720, false));
    }

    @Test
    void aSideThatScalesToAnOddLengthRoundsToTheNearestEvenOne() {
        // scale 1/2: 997 -> 498.5 -> 498, 998 -> 499 -> 500 (a half rounds up), 994 -> 497 -> 498
        assertEquals(new Size(500, 498), FitInBox.fit(1000, 997, 500, 500, false));
        assertEquals(new Size(500, 500), FitInBox.fit(1000, 998, 500, 500, false));
        assertEquals(new Size(500, 498), FitInBox.fit(1000, 994, 500, 500, false));
    }

    @Test
    void aVeryFlatPictureKeepsAtLeastTwoPixels() {
        // 4000x2 in 1280x720: 2 * 0.32 = 0.64 would round to 0
        assertEquals(new Size(1280, 2), FitInBox.fit(4000, 2, 1280, 720, false));
    }

    @Test
    void aPictureThatFitsIsNeverEnlargedUnlessAsked() {
        assertEquals(new Size(640, 360), FitInBox.fit(640, 360, 1280, 720, false));
        assertEquals(new Size(1280, 720), FitInBox.fit(1280, 720, 1280, 720, false));
        // Left exactly as it is, odd sides included: filter-resize passes such a frame through without decoding it.
        assertEquals(new Size(641, 361), FitInBox.fit(641, 361, 1280, 720, false));
    }

    @Test
    void aSmallPictureIsEnlargedToTheBoxWhenAsked() {
        assertEquals(new Size(1280, 720), FitInBox.fit(640, 360, 1280, 720, true));
        // scale = min(1280/320, 720/240) = 3
        assertEquals(new Size(960, 720), FitInBox.fit(320, 240, 1280, 720, true));
    }

    @Test
    void upscalingStillShrinksAPictureLargerThanTheBox() {
        assertEquals(new Size(1280, 720), FitInBox.fit(3840, 2160, 1280, 720, true));
    }

    @Test
    void everyFittedSizeIsEvenFitsAnEvenBoxAndIsLeftAsItIsWhenFittedAgain() {
        int[][] boxes = {{1280, 720}, {640, 360}, {1920, 1080}, {500, 500}, {16, 16}};
        for (int[] box : boxes) {
            for (int width = 17; width <= 4000; width += 61) {
                for (int height = 17; height <= 3000; height += 53) {
                    Size fitted = FitInBox.fit(width, height, box[0], box[1], false);
                    String what = width + "x" + height + " in " + box[0] + "x" + box[1] + " -> " + fitted;
                    if (width <= box[0] && height <= box[1]) {
                        assertEquals(new Size(width, height), fitted, what);
                        continue;
                    }
                    assertTrue(fitted.width() % 2 == 0 && fitted.height() % 2 == 0, what);
                    assertTrue(fitted.width() <= box[0] && fitted.height() <= box[1], what);
                    assertTrue(fitted.width() <= width && fitted.height() <= height, what);
                    assertEquals(fitted, FitInBox.fit(fitted.width(), fitted.height(), box[0], box[1], false), what);
                }
            }
        }
    }

    @Test
    void anOddBoxIsNeverExceeded() {
        // 1080 * 719/1080 = 719 -> 359.5 -> 360 -> 720 today: taller than the box, and filter-resize with the same box
        // would scale the source's frames a second time instead of passing them through.
        assertEquals(new Size(1278, 718), FitInBox.fit(1920, 1080, 1279, 719, false));
        assertEquals(new Size(1280, 720), FitInBox.fit(1920, 1080, 1281, 721, false));
    }
}
