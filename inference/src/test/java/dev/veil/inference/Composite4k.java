package dev.veil.inference;

import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_AREA;
import static org.bytedeco.opencv.global.opencv_imgproc.resize;

import dev.veil.inference.detect.Face;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.bytedeco.opencv.opencv_core.Size;

/**
 * A 3840x2160 frame made of the shared photos on a flat grey ground: the crowd selfie test.jpg at full size
 * (top left; its faces are 10 to 40 pixels tall), and zidane.jpg and bus.jpg at half size (their four annotated
 * faces become 60 to 100 and 25 to 30 pixels tall). Letterboxed whole into 640, everything shrinks six times.
 */
final class Composite4k implements AutoCloseable {

    static final int WIDTH = 3840;
    static final int HEIGHT = 2160;

    /** Where each photo lies in the frame, pixels. */
    static final Rect CROWD = new Rect(0, 0, 2048, 1150);
    static final Rect ZIDANE = new Rect(2400, 300, 640, 360);
    static final Rect BUS = new Rect(3200, 1300, 405, 540);

    private final Mat frame;
    private final List<AnnotatedFaces.Box> annotated;

    private Composite4k(Mat frame, List<AnnotatedFaces.Box> annotated) {
        this.frame = frame;
        this.annotated = annotated;
    }

    static Composite4k build() {
        Mat frame;
        try (Scalar grey = new Scalar(128, 128, 128, 0)) {
            frame = new Mat(HEIGHT, WIDTH, CV_8UC3, grey);
        }
        paste(frame, "test.jpg", CROWD);
        paste(frame, "zidane.jpg", ZIDANE);
        paste(frame, "bus.jpg", BUS);
        List<AnnotatedFaces.Box> faces = new ArrayList<>();
        AnnotatedFaces.of("zidane.jpg").forEach(b -> faces.add(b.scaled(0.5, ZIDANE.x(), ZIDANE.y())));
        AnnotatedFaces.of("bus.jpg").forEach(b -> faces.add(b.scaled(0.5, BUS.x(), BUS.y())));
        return new Composite4k(frame, List.copyOf(faces));
    }

    private static void paste(Mat frame, String photo, Rect where) {
        try (Mat image = TestImages.read(TestImages.sharedOrSkip("media/" + photo));
             Mat scaled = new Mat();
             Size size = new Size(where.width(), where.height());
             Mat target = new Mat(frame, where)) {
            resize(image, scaled, size, 0, 0, INTER_AREA);
            scaled.copyTo(target);
        }
    }

    Mat frame() {
        return frame;
    }

    /** The four annotated faces of zidane.jpg and bus.jpg, in frame pixels. */
    List<AnnotatedFaces.Box> annotated() {
        return annotated;
    }

    /** Whether a face lies (by its centre) on one of the photos, not on the flat ground around them. */
    static boolean onAPhoto(Face f) {
        double x = (f.xMin() + f.xMax()) / 2 * WIDTH;
        double y = (f.yMin() + f.yMax()) / 2 * HEIGHT;
        for (Rect r : List.of(CROWD, ZIDANE, BUS)) {
            if (x >= r.x() && x <= r.x() + r.width() && y >= r.y() && y <= r.y() + r.height()) {
                return true;
            }
        }
        return false;
    }

    /** Faces centred on the crowd photo. */
    static long onCrowd(List<Face> faces) {
        return faces.stream().filter(f -> (f.xMin() + f.xMax()) / 2 * WIDTH <= CROWD.width()
                && (f.yMin() + f.yMax()) / 2 * HEIGHT <= CROWD.height()).count();
    }

    @Override
    public void close() {
        frame.close();
    }
}
