package dev.veil.inference;

import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_AREA;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_LINEAR;
import static org.bytedeco.opencv.global.opencv_imgproc.resize;

import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.bytedeco.opencv.opencv_core.Size;

/**
 * A 1280x720 frame with the sample portrait scaled so that its face is a given fraction of the frame's height,
 * the face centred at (40%, 50%) of the frame, the rest of the portrait cropped by the frame's edges and a flat
 * grey-blue around it. The expected face box is the hand annotation, scaled and moved the same way.
 */
record AstronautScene(Mat frame, AnnotatedFaces.Box face) implements AutoCloseable {

    static final int WIDTH = 1280;
    static final int HEIGHT = 720;

    static AstronautScene withFaceHeight(Mat portrait, double fractionOfHeight) {
        AnnotatedFaces.Box face = AnnotatedFaces.of("astronaut.jpg").get(0);
        double s = fractionOfHeight * HEIGHT / face.height();
        int side = (int) Math.round(portrait.cols() * s);
        int ox = (int) Math.round(0.40 * WIDTH - (face.x1() + face.x2()) / 2 * s);
        int oy = (int) Math.round(0.50 * HEIGHT - (face.y1() + face.y2()) / 2 * s);
        Mat frame;
        try (Mat scaled = new Mat();
             Size size = new Size(side, (int) Math.round(portrait.rows() * s));
             Scalar background = new Scalar(150, 120, 100, 0)) {
            resize(portrait, scaled, size, 0, 0, s < 1 ? INTER_AREA : INTER_LINEAR);
            frame = new Mat(HEIGHT, WIDTH, CV_8UC3, background);
            int sx = Math.max(0, -ox);
            int sy = Math.max(0, -oy);
            int dx = Math.max(0, ox);
            int dy = Math.max(0, oy);
            int w = Math.min(scaled.cols() - sx, WIDTH - dx);
            int h = Math.min(scaled.rows() - sy, HEIGHT - dy);
            try (Rect from = new Rect(sx, sy, w, h);
                 Rect to = new Rect(dx, dy, w, h);
                 Mat src = new Mat(scaled, from);
                 Mat dst = new Mat(frame, to)) {
                src.copyTo(dst);
            }
        }
        return new AstronautScene(frame, face.scaled(s, ox, oy));
    }

    @Override
    public void close() {
        frame.close();
    }
}
