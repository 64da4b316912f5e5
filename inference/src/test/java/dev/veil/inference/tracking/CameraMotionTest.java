package dev.veil.inference.tracking;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class CameraMotionTest {

    @Test
    void aPanAndAZoomAreRecoveredExactly() {
        // Zoom of 2% a frame about (0.5, 0.5) and a pan of 0.01 right: dx = 0.01 + 0.02 (x - 0.5).
        double[] x = {0.1, 0.5, 0.9, 0.3, 0.7};
        double[] y = {0.2, 0.5, 0.8, 0.6, 0.3};
        double[] dx = new double[5];
        double[] dy = new double[5];
        for (int i = 0; i < 5; i++) {
            dx[i] = 0.01 + 0.02 * (x[i] - 0.5);
            dy[i] = 0.02 * (y[i] - 0.5);
        }
        CameraMotion m = CameraMotion.fit(x, y, dx, dy);
        assertEquals(0.02, m.zoom(), 1e-12);
        assertEquals(0.01 - 0.01, m.tx(), 1e-12);
        assertEquals(-0.01, m.ty(), 1e-12);
        assertEquals(0.01 + 0.02 * (0.25 - 0.5), m.vx(0.25), 1e-12);
    }

    @Test
    void aFaceWalkingAgainstThePanDoesNotBendIt() {
        double[] x = {0.1, 0.3, 0.5, 0.7, 0.9};
        double[] y = {0.5, 0.5, 0.5, 0.5, 0.5};
        double[] dx = {0.01, 0.01, -0.05, 0.01, 0.01};
        double[] dy = new double[5];
        CameraMotion m = CameraMotion.fit(x, y, dx, dy);
        assertEquals(0.01, m.tx(), 1e-12);
        assertEquals(0.0, m.zoom(), 1e-12);
    }

    @Test
    void tooFewFacesOrFacesInOneSpotSayLittle() {
        assertEquals(CameraMotion.STILL, CameraMotion.fit(new double[]{0.5, 0.6}, new double[]{0.5, 0.5},
                new double[]{0.1, 0.1}, new double[]{0, 0}));
        CameraMotion shiftOnly = CameraMotion.fit(new double[]{0.5, 0.5, 0.5}, new double[]{0.5, 0.5, 0.5},
                new double[]{0.02, 0.02, 0.02}, new double[]{0, 0, 0});
        assertEquals(new CameraMotion(0.02, 0, 0), shiftOnly);
    }
}
