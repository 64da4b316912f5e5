package dev.veil.accuracy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * The geometry of veil-run's SampleVideo.panAndZoom, worked out by hand from its formulas: canvas
 * {@code cw = max(pw, ceil(ph * W / H))}, {@code ch = max(ph, ceil(cw / (W / H)))}, photo at
 * {@code ((cw - pw) / 2, (ch - ph) / 2)}; window {@code cw / zoom} by {@code ch / zoom}, centred on
 * {@code centre + (focus - centre) * progress}, kept on the canvas, its corner and size rounded.
 */
class CameraPathTest {

    private static final double EPS = 1e-9;

    /** test.jpg's size into 720p: 1150 * 16/9 = 2044.4 < 2048, so the canvas is 2048 x ceil(2048 * 9/16) = 1152. */
    private static CameraPath crowd(Camera camera) {
        return new CameraPath(camera, 2048, 1150, 1280, 720, 31);
    }

    /** The 512x512 portrait into 720p: canvas ceil(512 * 16/9) = 911 wide, ceil(911 * 9/16) = 513 high. */
    private static CameraPath portrait(Camera camera, int frames) {
        return new CameraPath(camera, 512, 512, 1280, 720, frames);
    }

    @Test
    void canvasHasTheOutputsAspectAndCentresThePhoto() {
        CameraPath crowd = crowd(Camera.WIDE);
        assertEquals(2048, crowd.canvasWidth());
        assertEquals(1152, crowd.canvasHeight());
        assertEquals(0, crowd.photoX());
        assertEquals(1, crowd.photoY());
        CameraPath portrait = portrait(Camera.WIDE, 31);
        assertEquals(911, portrait.canvasWidth());
        assertEquals(513, portrait.canvasHeight());
        assertEquals(199, portrait.photoX());
        assertEquals(0, portrait.photoY());
    }

    @Test
    void firstAndLastFramesShowTheWholeCanvas() {
        CameraPath crowd = crowd(Camera.ZOOM_LEFT);
        assertEquals(new CameraPath.Window(0, 0, 2048, 1152), crowd.window(0));
        assertEquals(1, crowd.zoom(0), EPS);
        // sin(pi) is 1.2e-16, not 0: the last frame is the whole canvas too.
        assertEquals(new CameraPath.Window(0, 0, 2048, 1152), crowd.window(30));
        assertFalse(crowd.enlarges(0));
        assertEquals(1, new CameraPath(Camera.WIDE, 2048, 1150, 1280, 720, 1).zoom(0), EPS);
    }

    @Test
    void zoomFollowsASineOverTheClip() {
        CameraPath crowd = crowd(Camera.WIDE);
        assertEquals(1.6, crowd.zoom(15), EPS);
        assertEquals(1 + 0.6 * Math.sin(Math.PI / 3), crowd.zoom(10), EPS);
        assertTrue(crowd.enlarges(10));
    }

    @Test
    void middleFrameOfTheWideCameraIsCentred() {
        // zoom 1.6: 1280 x 720 of the canvas; focus (1024, 1 + 575) is the canvas centre;
        // corner (1024 - 640, 576 - 360).
        assertEquals(new CameraPath.Window(384, 216, 1280, 720), crowd(Camera.WIDE).window(15));
    }

    @Test
    void middleFrameOfACornerZoomMovesToTheFocus() {
        // zoom 2.5: 819.2 x 460.8; focus (0.25 * 2048, 1 + 0.3 * 1150) = (512, 346);
        // corner (512 - 409.6, 346 - 230.4) = (102.4, 115.6), rounded (102, 116); size rounded (819, 461).
        assertEquals(new CameraPath.Window(102, 116, 819, 461), crowd(Camera.ZOOM_LEFT).window(15));
    }

    @Test
    void windowStopsAtTheCanvasEdge() {
        // zoom 3 toward the portrait's top left corner (199, 0): 303.7 x 171 centred there would start at
        // (47.2, -85.5): kept at y 0.
        CameraPath path = portrait(new Camera("corner", 3, 0, 0), 3);
        assertEquals(new CameraPath.Window(47, 0, 304, 171), path.window(1));
    }

    @Test
    void windowNeverPassesTheCanvasWhenRoundingCouldPushItOut() {
        // zoom 2 toward the right edge of the portrait: the window, 455.5 wide, stops at x = 911 - 455.5 = 455.5;
        // rounding both the corner (456) and the width (456) would end at 912, one pixel past the 911-pixel canvas
        // (SampleVideo's crop would fail there): the width gives way.
        CameraPath path = portrait(new Camera("right", 2, 1, 0.5), 3);
        assertEquals(new CameraPath.Window(456, 128, 455, 257), path.window(1));
    }

    @Test
    void photoBoxesMapIntoFramePixels() {
        Box photoBox = new Box(1000, 500, 1100, 600);
        // Frame 15 of the wide camera shows canvas (384, 216) at scale 1: photo y + 1 on the canvas.
        assertEquals(new Box(616, 285, 716, 385), crowd(Camera.WIDE).toFrame(photoBox, 15));
        // Frame 0 shows the whole 2048x1152 canvas in 1280x720: scale 0.625 both ways.
        assertEquals(new Box(625, 313.125, 687.5, 375.625), crowd(Camera.WIDE).toFrame(photoBox, 0));
        // Frame 15 of the left zoom: canvas (102, 116), 819 x 461 pixels into 1280 x 720.
        Box mapped = crowd(Camera.ZOOM_LEFT).toFrame(new Box(200, 200, 300, 300), 15);
        assertEquals(98.0 * 1280 / 819, mapped.xMin(), EPS);
        assertEquals(85.0 * 720 / 461, mapped.yMin(), EPS);
        assertEquals(198.0 * 1280 / 819, mapped.xMax(), EPS);
        assertEquals(185.0 * 720 / 461, mapped.yMax(), EPS);
    }

    @Test
    void refusesFramesOutsideTheClip() {
        assertThrows(IndexOutOfBoundsException.class, () -> crowd(Camera.WIDE).window(31));
        assertThrows(IndexOutOfBoundsException.class, () -> crowd(Camera.WIDE).zoom(-1));
        assertThrows(IllegalArgumentException.class, () -> new CameraPath(Camera.WIDE, 0, 10, 1280, 720, 3));
        assertThrows(IllegalArgumentException.class, () -> new Camera("Wide", 1.6, 0.5, 0.5));
        assertThrows(IllegalArgumentException.class, () -> new Camera("shrink", 0.5, 0.5, 0.5));
        assertThrows(IllegalArgumentException.class, () -> new Camera("off", 2, 1.5, 0.5));
    }
}
