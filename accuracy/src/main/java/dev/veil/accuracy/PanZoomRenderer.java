package dev.veil.accuracy;

import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_AREA;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_LINEAR;
import static org.bytedeco.opencv.global.opencv_imgproc.resize;

import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.bytedeco.opencv.opencv_core.Size;

/**
 * Draws the frames of a {@link CameraPath} from its photo, pixel for pixel as veil-run's SampleVideo does: the
 * photo on a (96, 96, 96) grey canvas, the frame's window resized to the output size, bilinear when the frame
 * enlarges, by pixel area when it shrinks. Holds the canvas (native memory) until closed.
 */
public final class PanZoomRenderer implements AutoCloseable {

    private final CameraPath path;
    private final Mat canvas;

    /** @param photo the photo, 8-bit BGR, of the path's photo size; only read here */
    public PanZoomRenderer(Mat photo, CameraPath path) {
        if (photo.cols() != path.photoWidth() || photo.rows() != path.photoHeight() || photo.type() != CV_8UC3) {
            throw new IllegalArgumentException("the photo is " + photo.cols() + "x" + photo.rows() + " (type "
                    + photo.type() + "), the camera path expects an 8-bit BGR " + path.photoWidth() + "x"
                    + path.photoHeight());
        }
        this.path = path;
        try (Scalar grey = new Scalar(96, 96, 96, 0);
             Rect at = new Rect(path.photoX(), path.photoY(), photo.cols(), photo.rows())) {
            canvas = new Mat(path.canvasHeight(), path.canvasWidth(), CV_8UC3, grey);
            try (Mat target = canvas.apply(at)) {
                photo.copyTo(target);
            }
        }
    }

    public CameraPath path() {
        return path;
    }

    /** Draws frame {@code frame} into {@code out} (reallocated to the output size, 8-bit BGR, if it is not). */
    public void render(int frame, Mat out) {
        CameraPath.Window w = path.window(frame);
        try (Rect window = new Rect(w.x(), w.y(), w.width(), w.height()); Mat view = canvas.apply(window);
             Size size = new Size(path.width(), path.height())) {
            resize(view, out, size, 0, 0, path.enlarges(frame) ? INTER_LINEAR : INTER_AREA);
        }
    }

    @Override
    public void close() {
        canvas.close();
    }
}
