package dev.veil.inference.tracking;

import java.util.Arrays;

/**
 * How a whole picture moves from one frame to the next under a panning and zooming camera: every point (x, y),
 * normalized to the frame, moves by {@code (tx + zoom * x, ty + zoom * y)} per frame. Fitted by least squares to
 * the faces the tracker followed from one detection to the next, then again without the faces that moved on their own
 * (people walking against the pan), so that a face seen only once can still be held where the camera takes it.
 *
 * @param tx   shift per frame, x, normalized
 * @param ty   shift per frame, y, normalized
 * @param zoom growth per frame: 0.01 is a zoom-in of 1% a frame about the origin
 */
record CameraMotion(double tx, double ty, double zoom) {

    static final CameraMotion STILL = new CameraMotion(0, 0, 0);
    /** Fewer followed faces than this say nothing about the camera. */
    static final int MIN_FACES = 3;
    /** A face that moved this much further than the fit (normalized, per frame) moved on its own. */
    private static final double MIN_OUTLIER = 0.002;

    /** The speed of a point at {@code x} along x, per frame. */
    double vx(double x) {
        return tx + zoom * x;
    }

    double vy(double y) {
        return ty + zoom * y;
    }

    /**
     * The motion that best explains the centres {@code (x[i], y[i])} moving by {@code (dx[i], dy[i])} per frame;
     * {@link #STILL} when fewer than {@value #MIN_FACES} faces moved.
     */
    static CameraMotion fit(double[] x, double[] y, double[] dx, double[] dy) {
        int n = x.length;
        if (n < MIN_FACES) {
            return STILL;
        }
        boolean[] use = new boolean[n];
        Arrays.fill(use, true);
        CameraMotion first = fit(x, y, dx, dy, use);
        double[] residual = new double[n];
        for (int i = 0; i < n; i++) {
            residual[i] = Math.hypot(dx[i] - first.vx(x[i]), dy[i] - first.vy(y[i]));
        }
        double[] sorted = residual.clone();
        Arrays.sort(sorted);
        double limit = Math.max(MIN_OUTLIER, 3 * sorted[n / 2]);
        int kept = 0;
        for (int i = 0; i < n; i++) {
            use[i] = residual[i] <= limit;
            kept += use[i] ? 1 : 0;
        }
        return kept >= MIN_FACES ? fit(x, y, dx, dy, use) : first;
    }

    private static CameraMotion fit(double[] x, double[] y, double[] dx, double[] dy, boolean[] use) {
        int n = 0;
        double mx = 0;
        double my = 0;
        double mdx = 0;
        double mdy = 0;
        for (int i = 0; i < x.length; i++) {
            if (use[i]) {
                n++;
                mx += x[i];
                my += y[i];
                mdx += dx[i];
                mdy += dy[i];
            }
        }
        mx /= n;
        my /= n;
        mdx /= n;
        mdy /= n;
        double num = 0;
        double den = 0;
        for (int i = 0; i < x.length; i++) {
            if (use[i]) {
                num += (x[i] - mx) * (dx[i] - mdx) + (y[i] - my) * (dy[i] - mdy);
                den += (x[i] - mx) * (x[i] - mx) + (y[i] - my) * (y[i] - my);
            }
        }
        // Faces all in one spot say nothing about a zoom: a shift only.
        double zoom = den < 1e-6 ? 0 : num / den;
        return new CameraMotion(mdx - zoom * mx, mdy - zoom * my, zoom);
    }
}
