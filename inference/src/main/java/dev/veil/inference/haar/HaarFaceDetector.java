package dev.veil.inference.haar;

import static org.bytedeco.opencv.global.opencv_imgproc.COLOR_BGR2GRAY;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_AREA;
import static org.bytedeco.opencv.global.opencv_imgproc.cvtColor;
import static org.bytedeco.opencv.global.opencv_imgproc.equalizeHist;
import static org.bytedeco.opencv.global.opencv_imgproc.resize;

import dev.veil.inference.detect.Face;
import dev.veil.inference.detect.FaceDetector;
import dev.veil.stage.Placement;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;
import org.bytedeco.opencv.opencv_core.RectVector;
import org.bytedeco.opencv.opencv_core.Size;
import org.bytedeco.opencv.opencv_objdetect.CascadeClassifier;

/**
 * OpenCV's Haar cascade for frontal faces, from the OpenCV natives jar (always present, nothing to fetch). Runs
 * on a grey, histogram-equalized copy of the frame shrunk to at most {@value #WORK_SIDE} pixels on its long
 * side, which keeps it fast and still finds faces down to about 7% of a 720p frame's height.
 *
 * <p>Cascade choice: {@code alt2}, measured against {@code default} (docs/detectors.md): {@code default} finds
 * more but also blurs patches of jacket and bus; both miss faces a neural model finds, so this is a fallback that
 * needs nothing, not the default.
 *
 * <p>Score: a cascade gives no probability, only how many overlapping windows agreed on a face
 * ({@code n}, at least {@value #MIN_NEIGHBORS} to be reported). The score is {@code n / (n + }{@value
 * #MIN_NEIGHBORS}{@code )}: 0.5 for a face that barely passed, towards 1 for one many windows agree on. (The
 * cascade's {@code levelWeights} were tried first: with {@code alt2} they sit near 56 for every face, so they
 * rank nothing.)
 *
 * <p>Thread safety: {@code detectMultiScale} keeps scratch buffers in the classifier, so calls take a lock.
 */
public final class HaarFaceDetector implements FaceDetector {

    /** The cascade file inside OpenCV's natives jar. */
    public static final String CASCADE = "haarcascade_frontalface_alt2.xml";
    private static final String CASCADE_DIR = "/org/bytedeco/opencv/" + Loader.getPlatform()
            + "/share/opencv4/haarcascades/";
    private static final int WORK_SIDE = 640;
    private static final double SCALE_FACTOR = 1.1;
    private static final int MIN_NEIGHBORS = 4;
    private static final int MIN_FACE = 24;

    private final CascadeClassifier cascade;
    private final String cascadeName;
    private final double minScore;
    private final Object lock = new Object();
    private boolean closed;

    /** The {@value #CASCADE} cascade; faces scoring below {@code minScore} are dropped. */
    public HaarFaceDetector(double minScore) {
        this(CASCADE, minScore);
    }

    /** Another cascade of OpenCV's jar (by file name), for comparisons. */
    public HaarFaceDetector(String cascadeName, double minScore) {
        String resource = CASCADE_DIR + cascadeName;
        File file;
        try {
            file = Loader.cacheResource(resource);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot extract " + resource + " from the OpenCV jar", e);
        }
        if (file == null) {
            throw new IllegalStateException(resource + " is not on the classpath (OpenCV natives jar missing?)");
        }
        this.cascadeName = cascadeName;
        this.cascade = new CascadeClassifier(file.getAbsolutePath());
        if (cascade.empty()) {
            cascade.close();
            throw new IllegalStateException("OpenCV could not load the cascade " + file);
        }
        this.minScore = minScore;
    }

    @Override
    public List<Face> detect(Mat bgr) {
        int width = bgr.cols();
        int height = bgr.rows();
        double shrink = Math.min(1.0, (double) WORK_SIDE / Math.max(width, height));
        try (Mat grey = new Mat();
             Mat small = new Mat();
             Mat equalized = new Mat();
             RectVector found = new RectVector();
             Size smallSize = new Size((int) Math.round(width * shrink), (int) Math.round(height * shrink));
             Size minSize = new Size(MIN_FACE, MIN_FACE);
             Size maxSize = new Size()) {
            cvtColor(bgr, grey, COLOR_BGR2GRAY);
            resize(grey, small, smallSize, 0, 0, INTER_AREA);
            equalizeHist(small, equalized);
            int[] neighbours;
            synchronized (lock) {
                if (closed) {
                    throw new IllegalStateException(describe() + " is closed");
                }
                neighbours = detect(equalized, found, minSize, maxSize);
            }
            List<Face> faces = new ArrayList<>();
            for (int i = 0; i < found.size(); i++) {
                double score = score(neighbours[i]);
                if (score < minScore) {
                    continue;
                }
                try (Rect r = found.get(i)) {
                    faces.add(new Face(r.x() / shrink / width, r.y() / shrink / height,
                            (r.x() + r.width()) / shrink / width, (r.y() + r.height()) / shrink / height, score,
                            List.of()));
                }
            }
            return faces;
        }
    }

    /** Runs the cascade; returns how many windows agreed on each rectangle put in {@code found}. */
    private int[] detect(Mat image, RectVector found, Size minSize, Size maxSize) {
        // JavaCPP fills this empty pointer from the std::vector output (and frees it on close).
        try (IntPointer neighbours = new IntPointer()) {
            cascade.detectMultiScale2(image, found, neighbours, SCALE_FACTOR, MIN_NEIGHBORS, 0, minSize, maxSize);
            int[] counts = new int[(int) found.size()];
            if (counts.length > 0) {
                neighbours.capacity(counts.length).get(counts);
            }
            return counts;
        }
    }

    /** {@code n / (n + MIN_NEIGHBORS)}, see the class comment. */
    public static double score(int neighbours) {
        return (double) neighbours / (neighbours + MIN_NEIGHBORS);
    }

    @Override
    public Placement placement() {
        return Placement.cpu("opencv-haar");
    }

    @Override
    public String describe() {
        return "haar " + cascadeName;
    }

    @Override
    public void close() {
        synchronized (lock) {
            if (!closed) {
                closed = true;
                cascade.close();
            }
        }
    }
}
