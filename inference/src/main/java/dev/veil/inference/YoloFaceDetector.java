package dev.veil.inference;

import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;
import static org.bytedeco.opencv.global.opencv_dnn.readNetFromONNX;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.MatVector;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.bytedeco.opencv.opencv_core.StringVector;
import org.bytedeco.opencv.opencv_dnn.Net;

/**
 * YOLOv5-face (an ONNX file) on OpenCV DNN, CPU. Accepts the raw-head export (three {@code 1x3xHxWx16} outputs,
 * decoded here) and the decoded export (one {@code 1xNx16} output). Pre-processing as in yolov5-face: letterbox
 * to a square of {@code inputSize} padded with grey 114, RGB, 0..1.
 *
 * <p>Thread safety: one {@link Net} behind a lock. OpenCV's {@code Net} keeps per-forward state and must not
 * run two forwards at once; on the CPU a forward already spreads over all cores, so a network per thread would
 * multiply memory for little gain, and thread-local networks could not be closed deterministically.
 */
public final class YoloFaceDetector implements FaceDetector {

    /** Candidates kept for NMS at most, best first; bounds its quadratic cost at very low thresholds. */
    private static final int MAX_CANDIDATES = 3000;

    private final Net net;
    private final StringVector outputNames;
    private final String modelName;
    private final int inputSize;
    private final double minScore;
    private final double nmsIou;
    private final Object lock = new Object();
    private boolean closed;

    /**
     * Loads the model and runs it once on a blank image so that a file that is not YOLOv5-face fails here, at
     * start-up, not on the first frame.
     *
     * @param inputSize letterbox side, a multiple of 32
     * @throws IllegalArgumentException when the file does not load or its outputs are not YOLOv5-face's
     */
    public YoloFaceDetector(Path model, int inputSize, double minScore, double nmsIou) {
        if (inputSize < 32 || inputSize % 32 != 0) {
            throw new IllegalArgumentException("YOLO input size must be a positive multiple of 32, not " + inputSize);
        }
        this.modelName = model.getFileName().toString();
        this.inputSize = inputSize;
        this.minScore = minScore;
        this.nmsIou = nmsIou;
        try {
            this.net = readNetFromONNX(model.toString());
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(model + " does not load as an ONNX network: " + FailureReason.message(e), e);
        }
        if (net.empty()) {
            net.close();
            throw new IllegalArgumentException(model + " does not load as an ONNX network");
        }
        this.outputNames = net.getUnconnectedOutLayersNames();
        try (Scalar grey = new Scalar(114, 114, 114, 0);
             Mat blank = new Mat(inputSize, inputSize, CV_8UC3, grey)) {
            detect(blank);
        } catch (RuntimeException e) {
            close();
            throw new IllegalArgumentException(model + " does not run as YOLOv5-face at an input of " + inputSize + "x"
                    + inputSize + " (exported models often accept only the size they were exported at, 640 for"
                    + " most; see VEIL_MODEL_INPUT_SIZE): " + FailureReason.message(e), e);
        }
    }

    @Override
    public List<Face> detect(Mat bgr) {
        Letterbox box = Letterbox.fit(bgr.cols(), bgr.rows(), inputSize, inputSize);
        List<OutputTensor> outputs;
        try (Mat blob = InputBlob.letterboxed(bgr, box, 114, 1 / 255.0, 0)) {
            synchronized (lock) {
                if (closed) {
                    throw new IllegalStateException(describe() + " is closed");
                }
                try (MatVector outs = new MatVector()) {
                    net.setInput(blob);
                    net.forward(outs, outputNames);
                    outputs = OutputTensor.copyOf(outs);
                }
            }
        }
        List<Candidate> candidates = decode(outputs);
        if (candidates.size() > MAX_CANDIDATES) {
            candidates.sort(Comparator.comparingDouble(Candidate::score).reversed());
            candidates = candidates.subList(0, MAX_CANDIDATES);
        }
        return NonMaxSuppression.hard(candidates, nmsIou).stream()
                .map(box::toSource)
                .map(c -> c.normalized(bgr.cols(), bgr.rows()))
                .toList();
    }

    private List<Candidate> decode(List<OutputTensor> outputs) {
        if (outputs.size() == 1 && outputs.get(0).shape().length == 3 && outputs.get(0).lastDim() == YoloFaceDecoder.ROW) {
            OutputTensor rows = outputs.get(0);
            return new ArrayList<>(YoloFaceDecoder.decodeExported(rows.values(), rows.shape()[1], minScore));
        }
        List<Candidate> all = new ArrayList<>();
        for (OutputTensor head : outputs) {
            int[] s = head.shape();
            if (s.length != 5 || s[1] != YoloFaceDecoder.ANCHORS_PER_CELL || s[4] != YoloFaceDecoder.ROW
                    || s[2] <= 0 || inputSize % s[2] != 0) {
                throw new IllegalStateException("outputs " + outputs + " are neither YOLOv5-face raw heads (1x3xHxWx16)"
                        + " nor its decoded form (1xNx16)");
            }
            int stride = inputSize / s[2];
            all.addAll(YoloFaceDecoder.decodeRawHead(head.values(), s[2], s[3], stride, minScore));
        }
        return all;
    }

    @Override
    public String describe() {
        return "yolov5-face " + modelName + " @" + inputSize;
    }

    @Override
    public void close() {
        synchronized (lock) {
            if (!closed) {
                closed = true;
                outputNames.close();
                net.close();
            }
        }
    }
}
