package dev.veil.accuracy;

import java.util.List;
import java.util.regex.Pattern;

/**
 * How a virtual camera moves over a photo, as veil-run's {@code SampleVideo.Camera} does: it starts and ends on the
 * whole photo and zooms in to {@code maxZoom} at the middle of the clip, toward the focus point.
 *
 * @param name    short name for reports and file names ({@code [a-z0-9-]+})
 * @param maxZoom zoom at the middle of the clip (1 = the whole picture), at least 1
 * @param focusX  where it zooms toward, as a fraction of the photo's width
 * @param focusY  same, of its height
 */
public record Camera(String name, double maxZoom, double focusX, double focusY) {

    // Before the cameras below: their construction checks names with it.
    private static final Pattern NAME = Pattern.compile("[a-z0-9-]+");

    /** A gentle pan and zoom on the photo's centre: faces grow by at most 1.6. */
    public static final Camera WIDE = new Camera("wide", 1.6, 0.5, 0.5);
    /** A deep zoom toward the upper left third: small faces grow to 2.5 times and slide out of the frame. */
    public static final Camera ZOOM_LEFT = new Camera("zoom-left", 2.5, 0.25, 0.3);
    /** The same toward the upper right third. */
    public static final Camera ZOOM_RIGHT = new Camera("zoom-right", 2.5, 0.75, 0.3);

    public Camera {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("camera name '" + name + "' must be lowercase letters, digits and -");
        }
        if (!(maxZoom >= 1) || !Double.isFinite(maxZoom)) {
            throw new IllegalArgumentException("camera " + name + ": zoom " + maxZoom + " must be at least 1");
        }
        if (!(focusX >= 0 && focusX <= 1 && focusY >= 0 && focusY <= 1)) {
            throw new IllegalArgumentException("camera " + name + ": focus (" + focusX + ", " + focusY
                    + ") must lie within the photo (0..1)");
        }
    }

    /** The cameras a photo's clips are made with by default: {@link #WIDE}, {@link #ZOOM_LEFT}, {@link #ZOOM_RIGHT}. */
    public static List<Camera> standard() {
        return List.of(WIDE, ZOOM_LEFT, ZOOM_RIGHT);
    }
}
