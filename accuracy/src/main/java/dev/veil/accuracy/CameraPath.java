package dev.veil.accuracy;

/**
 * The geometry of a pan/zoom clip of a photo, frame by frame, exactly as veil-run's {@code SampleVideo.panAndZoom}
 * makes it: the photo centred on a grey canvas of the output's aspect ratio (the canvas at least as large as the
 * photo), then for frame {@code i} of {@code n} a window of the canvas, {@code zoom(i)} times smaller than it,
 * moving from the canvas centre toward the focus point as the zoom grows, resized to the output size. The zoom is
 * {@code 1 + (maxZoom - 1) sin(pi t)}, {@code t = i / (n - 1)}.
 *
 * <p>Coordinates: canvas pixels for the window, the photo's own pixels for boxes of the photo, frame pixels for
 * boxes in a frame; all are corner coordinates, so a window {@code w} pixels wide scales by {@code width / w}.
 */
public record CameraPath(Camera camera, int photoWidth, int photoHeight, int width, int height, int frames) {

    /** Above this zoom a frame is an enlargement (resized with bilinear interpolation, else with pixel area). */
    public static final double ENLARGING_ZOOM = 1.01;

    /** A window of the canvas, in canvas pixels. */
    public record Window(int x, int y, int width, int height) {
    }

    public CameraPath {
        if (camera == null) {
            throw new IllegalArgumentException("no camera");
        }
        if (photoWidth <= 0 || photoHeight <= 0 || width <= 0 || height <= 0 || frames <= 0) {
            throw new IllegalArgumentException("photo " + photoWidth + "x" + photoHeight + ", output " + width + "x"
                    + height + " and " + frames + " frames must all be positive");
        }
    }

    /** The canvas's width: the photo's, or wider to reach the output's aspect ratio. */
    public int canvasWidth() {
        return Math.max(photoWidth, (int) Math.ceil(photoHeight * aspect()));
    }

    /** The canvas's height: the photo's, or taller to reach the output's aspect ratio. */
    public int canvasHeight() {
        return Math.max(photoHeight, (int) Math.ceil(canvasWidth() / aspect()));
    }

    /** Where the photo's left edge lies on the canvas. */
    public int photoX() {
        return (canvasWidth() - photoWidth) / 2;
    }

    /** Where the photo's top edge lies on the canvas. */
    public int photoY() {
        return (canvasHeight() - photoHeight) / 2;
    }

    public double zoom(int frame) {
        checkFrame(frame);
        double t = frames == 1 ? 0 : (double) frame / (frames - 1);
        return 1 + (camera.maxZoom() - 1) * Math.sin(Math.PI * t);
    }

    /** Whether frame {@code frame} enlarges its window (bilinear) rather than shrinks it (pixel area). */
    public boolean enlarges(int frame) {
        return zoom(frame) > ENLARGING_ZOOM;
    }

    /** The part of the canvas frame {@code frame} shows. */
    public Window window(int frame) {
        double zoom = zoom(frame);
        int cw = canvasWidth();
        int ch = canvasHeight();
        double w = cw / zoom;
        double h = ch / zoom;
        double progress = (zoom - 1) / Math.max(1e-9, camera.maxZoom() - 1);
        double fx = photoX() + camera.focusX() * photoWidth;
        double fy = photoY() + camera.focusY() * photoHeight;
        double cx = cw / 2.0 + (fx - cw / 2.0) * progress;
        double cy = ch / 2.0 + (fy - ch / 2.0) * progress;
        int x = (int) Math.round(Math.max(0, Math.min(cw - w, cx - w / 2)));
        int y = (int) Math.round(Math.max(0, Math.min(ch - h, cy - h / 2)));
        // Rounding x and the width up together can pass the canvas by one pixel (where SampleVideo's crop would
        // fail): keep the window on the canvas.
        return new Window(x, y, Math.min((int) Math.round(w), cw - x), Math.min((int) Math.round(h), ch - y));
    }

    /** A box of the photo (its pixels) in frame {@code frame}'s pixels; not clipped to the frame. */
    public Box toFrame(Box photoBox, int frame) {
        Window win = window(frame);
        return photoBox.translated(photoX() - win.x(), photoY() - win.y())
                .scaled((double) width / win.width(), (double) height / win.height());
    }

    private double aspect() {
        return (double) width / height;
    }

    private void checkFrame(int frame) {
        if (frame < 0 || frame >= frames) {
            throw new IndexOutOfBoundsException("frame " + frame + " of a " + frames + "-frame clip");
        }
    }
}
