package dev.veil.inference.tracking;

import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.veil.frame.JpegCodec;
import dev.veil.inference.TestImages;
import org.bytedeco.opencv.global.opencv_imgproc;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.bytedeco.opencv.opencv_core.Size;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** What counts as "the picture changed" for a frame the detector would skip. */
class PictureChangeTest {

    /** The sample portrait enlarged to 1600x1000: a textured scene that camera windows move over. */
    private static Mat scene;

    @BeforeAll
    static void prepare() {
        try (Mat portrait = TestImages.read(TestImages.astronaut()); Size size = new Size(1600, 1000)) {
            scene = new Mat();
            opencv_imgproc.resize(portrait, scene, size);
        }
    }

    @AfterAll
    static void release() {
        scene.close();
    }

    /** The 1280x720 window of the scene at (x, y), as the thumbnail of its JPEG. */
    private static Thumbnail window(int x, int y) throws Exception {
        try (Rect r = new Rect(x, y, 1280, 720); Mat view = new Mat(scene, r); Mat copy = view.clone()) {
            return Thumbnail.ofJpeg(JpegCodec.encode(copy, 90));
        }
    }

    @Test
    void aThumbnailIsAnEighthOfTheFrameRoundedUp() throws Exception {
        Thumbnail t = window(0, 0);
        assertEquals(160, t.width());
        assertEquals(90, t.height());
        try (Mat odd = new Mat(721, 1281, CV_8UC3, new Scalar(10, 200, 60, 0))) {
            Thumbnail o = Thumbnail.ofJpeg(JpegCodec.encode(odd, 90));
            assertEquals(161, o.width());
            assertEquals(91, o.height());
            // Grey of BGR (10, 200, 60): 0.114 x 10 + 0.587 x 200 + 0.299 x 60 = 136.5, give or take JPEG.
            assertEquals(136.5, o.at(80, 45), 2.5);
        }
    }

    @Test
    void theSamePictureOrTheSameSceneMovedALittleHasNotChanged() throws Exception {
        Thumbnail first = window(100, 100);
        assertEquals(0.0, PictureChange.worstBlock(first, window(100, 100), 1), 1e-9);
        // A pan of 16 frame pixels right and 8 down in one frame, as a camera moves; 24 and 16 over two frames.
        assertFalse(PictureChange.changed(first, window(116, 108), 1));
        assertFalse(PictureChange.changed(first, window(124, 116), 2));
    }

    @Test
    void aPanThatBringsHalfABlockOfNewPictureInAtTheEdgeHasChanged() throws Exception {
        // 40 frame pixels of scene never seen before come in at the right: room for part of a face.
        assertTrue(PictureChange.changed(window(100, 100), window(140, 100), 2));
    }

    @Test
    void aJumpFartherThanTheCameraCanMoveHasChanged() throws Exception {
        assertTrue(PictureChange.changed(window(100, 100), window(300, 100), 1));
    }

    @Test
    void aCutToAnotherPictureHasChanged() throws Exception {
        try (Mat grey = new Mat(720, 1280, CV_8UC3, new Scalar(128, 128, 128, 0))) {
            Thumbnail plain = Thumbnail.ofJpeg(JpegCodec.encode(grey, 90));
            assertTrue(PictureChange.changed(plain, window(100, 100), 1));
            assertTrue(PictureChange.changed(window(100, 100), plain, 1));
            assertFalse(PictureChange.changed(plain, plain, 1));
        }
    }

    @Test
    void somethingNewInOnePlaceHasChanged() throws Exception {
        try (Mat grey = new Mat(720, 1280, CV_8UC3, new Scalar(128, 128, 128, 0)); Mat withSquare = grey.clone()) {
            // A 64x64 patch: a face of that size stepping into an empty corridor.
            try (Rect r = new Rect(600, 300, 64, 64); Mat patch = withSquare.apply(r); Scalar dark = new Scalar(40, 50, 60, 0)) {
                patch.put(dark);
            }
            assertTrue(PictureChange.changed(Thumbnail.ofJpeg(JpegCodec.encode(grey, 90)),
                    Thumbnail.ofJpeg(JpegCodec.encode(withSquare, 90)), 1));
        }
    }

    @Test
    void picturesOfAnotherSizeHaveChanged() throws Exception {
        assertTrue(PictureChange.changed(window(0, 0), new Thumbnail(80, 45, new byte[80 * 45]), 1));
    }

    @Test
    void theSearchGrowsWithTheFramesBetweenUpToItsLimit() {
        assertEquals(3, PictureChange.searchRadius(1));
        assertEquals(5, PictureChange.searchRadius(2));
        assertEquals(PictureChange.MAX_SHIFT, PictureChange.searchRadius(9));
    }
}
