package dev.veil.accuracy;

import static org.bytedeco.opencv.global.opencv_imgproc.INTER_LINEAR;
import static org.bytedeco.opencv.global.opencv_imgproc.resize;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.javacpp.indexer.FloatIndexer;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Size;
import org.bytedeco.opencv.opencv_objdetect.FaceDetectorYN;

/**
 * Reference A of the ground truth: YuNet through OpenCV's own {@code FaceDetectorYN} (none of Veil's code), on
 * the photo enlarged twice, so that faces down to about 5 pixels reach the 10 pixels YuNet's finest stride needs.
 */
final class YuNetReference implements AutoCloseable {

    static final double ENLARGEMENT = 2;
    static final float NMS = 0.3f;
    /**
     * OpenCV applies top_k to the raw boxes before NMS: 5000 cut the enlarged crowd's list at a score of 0.63 (14
     * faces lost above 0.6). More than the anchors of the largest enlarged photo (about 194,000 for test.jpg at
     * 4096x2300), so nothing is cut.
     */
    static final int TOP_K = 200_000;

    private final FaceDetectorYN detector;

    /**
     * @param model          {@code yunet_n_640_640.onnx} (OpenCV reshapes it to any input; the dynamic file does
     *                       not load in OpenCV DNN)
     * @param scoreThreshold lowest score kept
     */
    YuNetReference(Path model, double scoreThreshold) {
        try (Size any = new Size(640, 640)) {
            detector = FaceDetectorYN.create(model.toString(), "", any, (float) scoreThreshold, NMS, TOP_K, 0, 0);
        }
    }

    /** Faces of an 8-bit BGR photo, boxes in the photo's own pixels, best score first. */
    List<ScoredBox> detect(Mat photo) {
        List<ScoredBox> out = new ArrayList<>();
        try (Mat big = new Mat(); Mat faces = new Mat();
             Size size = new Size((int) Math.round(photo.cols() * ENLARGEMENT),
                     (int) Math.round(photo.rows() * ENLARGEMENT))) {
            resize(photo, big, size, 0, 0, INTER_LINEAR);
            detector.setInputSize(size);
            detector.detect(big, faces);
            if (faces.empty()) {
                return out;
            }
            // Rows: x, y, w, h, five landmarks (x, y), score.
            try (FloatIndexer rows = faces.createIndexer()) {
                for (int r = 0; r < faces.rows(); r++) {
                    double x = rows.get(r, 0) / ENLARGEMENT;
                    double y = rows.get(r, 1) / ENLARGEMENT;
                    double w = rows.get(r, 2) / ENLARGEMENT;
                    double h = rows.get(r, 3) / ENLARGEMENT;
                    Box box = new Box(x, y, x + w, y + h).clippedTo(photo.cols(), photo.rows());
                    if (box.area() > 0) {
                        out.add(new ScoredBox(box, rows.get(r, 14)));
                    }
                }
            }
        }
        out.sort((a, b) -> Double.compare(b.score(), a.score()));
        return out;
    }

    /** What ran, with the score the truth keeps (this detector may be asked for lower scores, to look at them). */
    String describe(double truthThreshold) {
        return "YuNet-n (yunet_n_640_640.onnx, Apache-2.0) through OpenCV 4.13 FaceDetectorYN on the photo enlarged "
                + "2x (INTER_LINEAR), score >= " + truthThreshold + ", NMS " + NMS + ", top_k " + TOP_K;
    }

    @Override
    public void close() {
        detector.close();
    }
}
