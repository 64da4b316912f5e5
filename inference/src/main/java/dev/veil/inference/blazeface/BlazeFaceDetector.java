package dev.veil.inference.blazeface;

import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;
import static org.bytedeco.opencv.global.opencv_dnn.readNetFromTFLite;

import dev.veil.inference.detect.BundledModels;
import dev.veil.inference.detect.Candidate;
import dev.veil.inference.detect.Face;
import dev.veil.inference.detect.FaceDetector;
import dev.veil.inference.detect.InputBlob;
import dev.veil.inference.detect.Letterbox;
import dev.veil.inference.detect.NonMaxSuppression;
import dev.veil.inference.network.FailureReason;
import dev.veil.inference.network.OutputTensor;
import dev.veil.inference.opencv.DnnTarget;
import dev.veil.stage.Placement;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.MatVector;
import org.bytedeco.opencv.opencv_core.Rect;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.bytedeco.opencv.opencv_core.StringVector;
import org.bytedeco.opencv.opencv_dnn.Net;

/**
 * MediaPipe BlazeFace (a {@code .tflite} file) on OpenCV DNN, CPU. Pre- and post-processing as MediaPipe's face
 * detection graphs: letterbox to the model's square input (padding at the tensor's zero, mid grey), RGB scaled
 * to -1..1, SSD anchors, sigmoid scores, weighted non-maximum suppression at MediaPipe's overlap of
 * {@value #NMS_IOU} (not {@code VEIL_NMS_IOU}: BlazeFace's dense anchors give boxes of one face that overlap by
 * only 0.4 or so, which YOLO's 0.45 would keep as two faces); six keypoints per face.
 *
 * <p>With {@code tiled}, a frame wider (or taller) than 4:3 is also searched in overlapping squares of its short
 * side ({@link SquareTiles}), so that a small face is not shrunk with the whole frame; the whole frame is still
 * searched too, for faces larger than the overlap. All boxes meet in one suppression. That costs one forward
 * per tile more (three in all for 16:9) and finds faces half the size (docs/detectors.md).
 *
 * <p>Thread safety: one {@link Net} behind a lock, for the reasons given on {@code yolo.YoloFaceDetector}.
 */
public final class BlazeFaceDetector implements FaceDetector {

    /** The two published BlazeFace models, told apart by their input size. */
    public enum Range {
        /** Faces within about 2 m (selfie distance), 128x128 input. */
        SHORT(128, new int[]{8, 16, 16, 16}, true, "face_detection_short_range.tflite"),
        /** Faces within about 5 m, 192x192 input. */
        FULL(192, new int[]{4}, false, "face_detection_full_range.tflite");

        private final int inputSize;
        private final List<BlazeFaceAnchors.Anchor> anchors;
        private final String bundledFile;

        Range(int inputSize, int[] strides, boolean interpolatedAnchor, String bundledFile) {
            this.inputSize = inputSize;
            this.anchors = BlazeFaceAnchors.generate(inputSize, inputSize, strides, interpolatedAnchor);
            this.bundledFile = bundledFile;
        }

        public int inputSize() {
            return inputSize;
        }

        int anchorCount() {
            return anchors.size();
        }

        /** Classpath location of the copy the build bundles. */
        String bundledResource() {
            return BundledModels.DIR + bundledFile;
        }
    }

    /** MediaPipe's {@code min_suppression_threshold} in its face detection graphs. */
    public static final double NMS_IOU = 0.3;

    /** Padding grey: MediaPipe pads the tensor with zero, which is 127.5 on the 0..255 scale. */
    private static final double PAD_GREY = 127.5;

    private final BytePointer modelBytes;
    private final Net net;
    private final StringVector outputNames;
    private final Range range;
    private final String modelName;
    private final double minScore;
    private final boolean tiled;
    private final Object lock = new Object();
    private boolean closed;

    private BlazeFaceDetector(BytePointer modelBytes, Net net, Range range, String modelName, double minScore,
                              boolean tiled) {
        this.modelBytes = modelBytes;
        this.net = net;
        this.outputNames = net.getUnconnectedOutLayersNames();
        this.range = range;
        this.modelName = modelName;
        this.minScore = minScore;
        this.tiled = tiled;
    }

    /** The model bundled in this jar (fetched by the build from MediaPipe's npm package). */
    public static BlazeFaceDetector bundled(Range range, double minScore, boolean tiled) {
        byte[] bytes;
        try (InputStream in = BlazeFaceDetector.class.getResourceAsStream(range.bundledResource())) {
            if (in == null) {
                throw new IllegalStateException("the bundled BlazeFace model " + range.bundledResource() + " is missing"
                        + " from the classpath: the inference module's build fetches it with npm; rebuild it");
            }
            bytes = in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + range.bundledResource(), e);
        }
        return load(bytes, range.bundledFile, range, minScore, tiled);
    }

    /**
     * A BlazeFace model from a file; short or full range is recognized by running it at each input size and
     * counting its outputs against the anchors.
     *
     * @throws IllegalArgumentException when the file is not a BlazeFace model OpenCV can run
     */
    public static BlazeFaceDetector open(Path model, double minScore, boolean tiled) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(model);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read " + model + ": " + e.getMessage(), e);
        }
        List<String> tried = new ArrayList<>();
        // Larger input first: the short-range network runs at 192 and is then refused by its output count,
        // quietly; the full-range one at 128 fails inside OpenCV, which logs several lines of errors.
        for (Range range : List.of(Range.FULL, Range.SHORT)) {
            try {
                return load(bytes, model.getFileName().toString(), range, minScore, tiled);
            } catch (RuntimeException e) {
                tried.add(range.inputSize + "x" + range.inputSize + ": " + FailureReason.message(e));
            }
        }
        throw new IllegalArgumentException(model + " is not a BlazeFace model (" + String.join("; ", tried) + ")");
    }

    private static BlazeFaceDetector load(byte[] bytes, String name, Range range, double minScore, boolean tiled) {
        BytePointer buffer = new BytePointer(bytes);
        Net net;
        try {
            net = readNetFromTFLite(buffer, bytes.length);
        } catch (RuntimeException e) {
            buffer.close();
            throw new IllegalArgumentException("not a TFLite network OpenCV can load: " + FailureReason.message(e), e);
        }
        if (net.empty()) {
            net.close();
            buffer.close();
            throw new IllegalArgumentException("not a TFLite network OpenCV can load");
        }
        BlazeFaceDetector detector = new BlazeFaceDetector(buffer, net, range, name, minScore, tiled);
        int side = range.inputSize;
        try (Scalar grey = new Scalar(PAD_GREY, PAD_GREY, PAD_GREY, 0);
             Mat blank = new Mat(side, side, CV_8UC3, grey)) {
            detector.search(blank);
        } catch (RuntimeException e) {
            detector.close();
            throw e;
        }
        return detector;
    }

    public Range range() {
        return range;
    }

    @Override
    public List<Face> detect(Mat bgr) {
        int width = bgr.cols();
        int height = bgr.rows();
        List<Candidate> candidates = new ArrayList<>(search(bgr));
        if (tiled) {
            for (SquareTiles.Tile t : SquareTiles.of(width, height)) {
                try (Rect rect = new Rect(t.x(), t.y(), t.side(), t.side());
                     Mat tile = new Mat(bgr, rect)) {
                    for (Candidate c : search(tile)) {
                        candidates.add(c.translated(t.x(), t.y()));
                    }
                }
            }
        }
        return NonMaxSuppression.weighted(candidates, NMS_IOU).stream()
                .map(c -> c.normalized(width, height))
                .toList();
    }

    /** Candidates in one image (the frame or a tile), in that image's pixels. */
    private List<Candidate> search(Mat bgr) {
        Letterbox box = Letterbox.fit(bgr.cols(), bgr.rows(), range.inputSize, range.inputSize);
        List<OutputTensor> outputs;
        try (Mat blob = InputBlob.letterboxed(bgr, box, PAD_GREY, 1 / 127.5, 127.5)) {
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
        OutputTensor regressors = null;
        OutputTensor scores = null;
        for (OutputTensor o : outputs) {
            if (o.lastDim() == BlazeFaceDecoder.REGRESSORS_PER_ANCHOR && o.values().length == range.anchorCount() * 16) {
                regressors = o;
            } else if (o.lastDim() == 1 && o.values().length == range.anchorCount()) {
                scores = o;
            }
        }
        if (regressors == null || scores == null) {
            throw new IllegalStateException("outputs " + outputs + " are not BlazeFace's " + range.anchorCount()
                    + "x16 regressors and " + range.anchorCount() + "x1 scores");
        }
        return BlazeFaceDecoder.decode(regressors.values(), scores.values(), range.anchors, range.inputSize, minScore)
                .stream()
                .map(box::toSource)
                .toList();
    }

    @Override
    public Placement placement() {
        return Placement.cpu(DnnTarget.CPU.runtime());
    }

    @Override
    public String describe() {
        return "blazeface-" + range.name().toLowerCase(Locale.ROOT) + " " + modelName + " @"
                + range.inputSize + (tiled ? " tiled" : "");
    }

    @Override
    public void close() {
        synchronized (lock) {
            if (!closed) {
                closed = true;
                outputNames.close();
                net.close();
                modelBytes.close();
            }
        }
    }
}
