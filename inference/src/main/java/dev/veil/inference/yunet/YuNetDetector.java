package dev.veil.inference.yunet;

import static org.bytedeco.opencv.global.opencv_core.BORDER_CONSTANT;
import static org.bytedeco.opencv.global.opencv_core.BORDER_REFLECT_101;
import static org.bytedeco.opencv.global.opencv_core.CV_32F;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;
import static org.bytedeco.opencv.global.opencv_core.copyMakeBorder;
import static org.bytedeco.opencv.global.opencv_dnn.blobFromImage;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_AREA;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_LINEAR;
import static org.bytedeco.opencv.global.opencv_imgproc.resize;

import dev.veil.inference.detect.BundledModels;
import dev.veil.inference.detect.CandidateColumns;
import dev.veil.inference.detect.Face;
import dev.veil.inference.detect.FaceDetector;
import dev.veil.inference.detect.NonMaxSuppression;
import dev.veil.inference.gpu.EngineCache;
import dev.veil.inference.gpu.Precision;
import dev.veil.inference.gpu.TensorRtNetwork;
import dev.veil.inference.network.CpuRuntime;
import dev.veil.inference.network.FailureReason;
import dev.veil.inference.network.OnnxNetwork;
import dev.veil.inference.network.OnnxRuntimeNetwork;
import dev.veil.inference.network.OutputTensor;
import dev.veil.inference.opencv.DnnTarget;
import dev.veil.inference.opencv.OpenCvDnnNetwork;
import dev.veil.stage.Placement;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.bytedeco.opencv.opencv_core.Size;

/**
 * YuNet (libfacedetection's face detector, Apache-2.0, the network behind OpenCV's {@code FaceDetectorYN}) on an
 * {@link OnnxNetwork}. Pre-processing as {@code FaceDetectorYN}: the frame, scaled by each of the detector's
 * {@link InputScale}s in turn, padded right and bottom with black to a multiple of 32, BGR 0..255 as floats; no
 * letterbox, so at scale 1 a 1280x720 frame is searched at full resolution (1280x736) and faces down to about 10
 * pixels are found. With several scales the last one, the smallest, also searches a mirrored border around the frame
 * (see {@link #EDGE_BORDER}): faces cut by the frame's edge, which YuNet misses, are found there. Post-processing:
 * {@link YuNetDecoder} at each scale, then the faces of every scale in one hard suppression at YuNet's overlap of
 * {@value #NMS_IOU}; five landmarks (eyes, nose tip, mouth corners).
 *
 * <p>Thread safety: the network runs behind a lock; on the CPU one run already uses every core it is given.
 */
public final class YuNetDetector implements FaceDetector {

    /**
     * Width of the mirrored border the last (smallest) of several scales searches around the frame, as a share of
     * the frame's short side (64 pixels at 720p): enough to show a face cut by the edge whole to a half-size search.
     */
    static final double EDGE_BORDER = 0.09;
    /** Faces taller than this share of the frame are left to the smaller scales when there are several. */
    static final double LARGE_FACE = 0.5;
    /** Least share of a box found in the mirrored border that must lie inside the frame for it to count. */
    static final double MIN_INSIDE = 0.25;
    /** {@code FaceDetectorYN}'s default {@code nms_threshold}. */
    public static final double NMS_IOU = 0.3;
    /**
     * Candidates kept for suppression, best first: bounds its quadratic cost. A crowd of 800 faces at two scales
     * gives about 4000 at a threshold of 0.3; {@code FaceDetectorYN}'s default of 5000 would cut such a list short.
     */
    private static final int MAX_CANDIDATES = 20_000;
    /**
     * The model files the inference jar bundles (vendored in git, see models/README.md): the same network exported
     * with a free input size, which ONNX Runtime needs, and at 640x640, which OpenCV DNN needs (it cannot import the
     * free one's shape arithmetic, and reshapes the fixed one to any multiple of 32 itself).
     */
    public static final String DYNAMIC_MODEL = "yunet_n_dynamic.onnx";
    public static final String FIXED_MODEL = "yunet_n_640_640.onnx";

    private final OnnxNetwork network;
    private final String modelName;
    private final double minScore;
    private final List<InputScale> scales;
    private final Object lock = new Object();
    /** Per scale, under {@link #lock}. */
    private final Buffers[] buffers;
    /** Every scale's candidates of the frame being searched, under {@link #lock}: a crowd frame gives 5,000 and more. */
    private final CandidateColumns candidates = new CandidateColumns(YuNetDecoder.LANDMARKS);
    private boolean closed;

    /**
     * Takes over the network (closes it on {@link #close()}, or here if this fails) and runs it once on a blank
     * frame, so that a network that is not YuNet fails at start-up, not on the first frame.
     *
     * @throws IllegalArgumentException when the network does not run or its outputs are not YuNet's
     */
    public YuNetDetector(OnnxNetwork network, String modelName, double minScore, List<InputScale> scales) {
        if (scales.isEmpty()) {
            throw new IllegalArgumentException("YuNet needs at least one input scale");
        }
        this.network = network;
        this.modelName = modelName;
        this.minScore = minScore;
        this.scales = List.copyOf(scales);
        this.buffers = new Buffers[scales.size()];
        for (int i = 0; i < buffers.length; i++) {
            buffers[i] = new Buffers();
        }
        try (Mat blank = new Mat(YuNetDecoder.ALIGNMENT * 2, YuNetDecoder.ALIGNMENT * 2, CV_8UC3, Scalar.all(0))) {
            detect(blank);
        } catch (RuntimeException e) {
            close();
            throw new IllegalArgumentException(modelName + " does not run as YuNet on " + network.describe() + ": "
                    + FailureReason.message(e), e);
        }
    }

    /** The model bundled in the inference jar, on the CPU runtime given. */
    public static YuNetDetector bundled(CpuRuntime runtime, double minScore, List<InputScale> scales, int threads) {
        String file = runtime == CpuRuntime.OPENCV ? FIXED_MODEL : DYNAMIC_MODEL;
        return open(bundledModel(file), file, runtime, minScore, scales, threads);
    }

    /**
     * The bundled model on OpenCV DNN's CUDA backend: the 640x640 file, which OpenCV reshapes to each input (it
     * cannot import the free-size file's shape arithmetic).
     */
    public static YuNetDetector onOpenCv(DnnTarget target, Placement placement, double minScore, List<InputScale> scales) {
        return new YuNetDetector(new OpenCvDnnNetwork(bundledModel(FIXED_MODEL), FIXED_MODEL, target, placement),
                FIXED_MODEL, minScore, scales);
    }

    /** The bundled model of free input size as a TensorRT engine (built once per GPU model, then cached). */
    public static YuNetDetector onTensorRt(double minScore, List<InputScale> scales, Precision precision, EngineCache cache) {
        return new YuNetDetector(TensorRtNetwork.open(bundledModel(DYNAMIC_MODEL), DYNAMIC_MODEL, precision, cache),
                DYNAMIC_MODEL, minScore, scales);
    }

    private static byte[] bundledModel(String file) {
        String resource = BundledModels.DIR + file;
        try (InputStream in = YuNetDetector.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("the bundled YuNet model " + resource + " is missing from the"
                        + " classpath: the inference jar is incomplete; rebuild it");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + resource, e);
        }
    }

    /** A YuNet ONNX file's bytes on the runtime given. */
    static YuNetDetector open(byte[] model, String name, CpuRuntime runtime, double minScore, List<InputScale> scales,
                              int threads) {
        OnnxNetwork network = switch (runtime) {
            case ONNXRUNTIME -> new OnnxRuntimeNetwork(model, name, threads);
            case OPENCV -> new OpenCvDnnNetwork(model, name);
        };
        return new YuNetDetector(network, name, minScore, scales);
    }

    @Override
    public List<Face> detect(Mat bgr) {
        return detect(bgr, 0);
    }

    /** Only the scales after the first (the full resolution): about a third of the work, for faces from about 24 px. */
    @Override
    public List<Face> detectCoarse(Mat bgr) {
        return detect(bgr, hasCoarseSearch() ? 1 : 0);
    }

    @Override
    public boolean hasCoarseSearch() {
        return scales.size() > 1;
    }

    private List<Face> detect(Mat bgr, int firstScale) {
        if (bgr.empty() || bgr.channels() != 3) {
            throw new IllegalArgumentException("expected a 3-channel BGR image, got " + bgr.cols() + "x" + bgr.rows()
                    + " with " + bgr.channels() + " channels");
        }
        int width = bgr.cols();
        int height = bgr.rows();
        synchronized (lock) {
            if (closed) {
                throw new IllegalStateException(describe() + " is closed");
            }
            candidates.clear();
            for (int i = firstScale; i < scales.size(); i++) {
                boolean bordered = scales.size() > 1 && i == scales.size() - 1;
                int border = bordered ? (int) Math.round(EDGE_BORDER * Math.min(width, height)) : 0;
                // With a smaller scale to find them, large faces are not taken from the full-size search: there
                // YuNet boxes clothes and plain backgrounds a few hundred pixels tall now and then (scores 0.3 to
                // 0.4, held by the tracker for seconds), while the smaller scales find real large faces at 0.9 and
                // more.
                double tallest = i == 0 && scales.size() > 1 ? LARGE_FACE * height : Double.POSITIVE_INFINITY;
                int from = candidates.size();
                search(bgr, i, firstScale, border, candidates);
                candidates.retain(row -> row < from || candidates.y2(row) - candidates.y1(row) <= tallest
                        && (border == 0 || insideShare(candidates, row, width, height) >= MIN_INSIDE));
            }
            int[] kept = NonMaxSuppression.hard(candidates, NMS_IOU, MAX_CANDIDATES);
            List<Face> faces = new ArrayList<>(kept.length);
            for (int row : kept) {
                faces.add(candidates.face(row, width, height));
            }
            return faces;
        }
    }

    /**
     * Candidates at scale {@code index}, in the frame's pixels. With a border, the frame is first mirrored outward by
     * that many pixels on each side: a face cut by the frame's edge then shows whole (its visible half and that
     * half's mirror image) and is found; a box that lies mostly in the mirrored border is dropped.
     *
     * <p>The input size is the one the frame with its border gets, but the pixels come from the smallest picture
     * already made for this frame that is at least that large: the frame, or an unbordered larger scale's input
     * (scales run largest first). Shrinking 1280x720 to 0.35x directly cost 2.7 ms a frame, from the 0.5x input
     * 0.5 ms, and the border is then added to that smaller picture (docs/benchmarks.md). Every picture and blob is
     * kept per scale and refilled by the next frame: fresh frame-sized buffers cost more than filling them.
     */
    private void search(Mat bgr, int index, int firstScale, int border, CandidateColumns into) {
        int width = bgr.cols();
        int height = bgr.rows();
        InputScale.Input input = scales.get(index).inputFor(width + 2 * border, height + 2 * border);
        double target = (double) input.width() / (width + 2 * border);
        // The scales before this one all ran on this frame (every call runs firstScale onward, in order).
        Mat level = bgr;
        for (int j = firstScale; j < index; j++) {
            Buffers made = buffers[j];
            if (made.lends && made.resized.cols() >= target * width && made.resized.cols() < level.cols()) {
                level = made.resized;
            }
        }
        Buffers own = buffers[index];
        // The border in the level's pixels; every coordinate below maps back through the level's own size.
        int levelBorder = (int) Math.round(border * (double) level.cols() / width);
        Mat source = level;
        if (levelBorder > 0) {
            copyMakeBorder(level, own.bordered, levelBorder, levelBorder, levelBorder, levelBorder, BORDER_REFLECT_101);
            source = own.bordered;
        }
        Mat resized = scaledTo(source, input, own.resized);
        own.lends = levelBorder == 0 && resized == own.resized;
        fillBlob(resized, input, own.padded, own.blob);
        // Input pixels to the bordered level's, then to the level's, then to the frame's.
        double toFrameX = (double) width / level.cols();
        double toFrameY = (double) height / level.rows();
        double sx = (double) source.cols() / input.width() * toFrameX;
        double sy = (double) source.rows() / input.height() * toFrameY;
        double shiftX = levelBorder * toFrameX;
        double shiftY = levelBorder * toFrameY;
        network.run(own.blob, outputs -> {
            YuNetDecoder.decode(outputs, input.paddedWidth(), input.paddedHeight(), minScore, sx, sy, -shiftX, -shiftY,
                    into);
            return into;
        });
    }

    /** One scale's pictures, kept from frame to frame (OpenCV refills a Mat of the same size in place). */
    private static final class Buffers implements AutoCloseable {
        final Mat bordered = new Mat();
        final Mat resized = new Mat();
        final Mat padded = new Mat();
        final Mat blob = new Mat();
        /**
         * Whether this scale's last run made {@link #resized} from the frame without a border: a smaller scale of the
         * same frame may then be shrunk from it (otherwise it is empty or an earlier frame's).
         */
        boolean lends;

        @Override
        public void close() {
            bordered.close();
            resized.close();
            padded.close();
            blob.close();
        }
    }

    private static double insideShare(CandidateColumns c, int row, int width, int height) {
        double w = Math.min(c.x2(row), width) - Math.max(c.x1(row), 0);
        double h = Math.min(c.y2(row), height) - Math.max(c.y1(row), 0);
        double area = c.area(row);
        return w <= 0 || h <= 0 || area <= 0 ? 0 : w * h / area;
    }

    /** The frame scaled to the input size, padded to the network's alignment, as a 1x3xHxW BGR float blob. */
    public static Mat blob(Mat bgr, InputScale.Input input) {
        try (Mat scaled = new Mat(); Mat padded = new Mat()) {
            Mat blob = new Mat();
            fillBlob(scaledTo(bgr, input, scaled), input, padded, blob);
            return blob;
        }
    }

    /** {@code image} at the input's size: itself when it has that size, else scaled into {@code into}. */
    private static Mat scaledTo(Mat image, InputScale.Input input, Mat into) {
        if (input.width() == image.cols() && input.height() == image.rows()) {
            return image;
        }
        try (Size size = new Size(input.width(), input.height())) {
            resize(image, into, size, 0, 0, input.width() < image.cols() ? INTER_AREA : INTER_LINEAR);
        }
        return into;
    }

    /** {@code resized} (at the input's size) padded with black right and below into {@code padded}, as a blob. */
    private static void fillBlob(Mat resized, InputScale.Input input, Mat padded, Mat blob) {
        try (Scalar black = Scalar.all(0); Size paddedSize = new Size(input.paddedWidth(), input.paddedHeight());
             Scalar noMean = Scalar.all(0)) {
            copyMakeBorder(resized, padded, 0, input.paddedHeight() - input.height(), 0,
                    input.paddedWidth() - input.width(), BORDER_CONSTANT, black);
            blobFromImage(padded, blob, 1.0, paddedSize, noMean, false, false, CV_32F);
        }
    }

    @Override
    public Placement placement() {
        return network.placement();
    }

    @Override
    public String describe() {
        return "yunet " + modelName + " " + scales.stream().map(InputScale::describe)
                .collect(java.util.stream.Collectors.joining(" and ")) + " on " + network.describe();
    }

    @Override
    public void close() {
        synchronized (lock) {
            if (!closed) {
                closed = true;
                network.close();
                for (Buffers b : buffers) {
                    b.close();
                }
            }
        }
    }
}
