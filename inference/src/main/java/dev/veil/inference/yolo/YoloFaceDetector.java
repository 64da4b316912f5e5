package dev.veil.inference.yolo;

import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;

import dev.veil.config.Env;
import dev.veil.inference.detect.Candidate;
import dev.veil.inference.detect.Face;
import dev.veil.inference.detect.FaceDetector;
import dev.veil.inference.detect.InputBlob;
import dev.veil.inference.detect.Letterbox;
import dev.veil.inference.detect.NonMaxSuppression;
import dev.veil.inference.detect.Tiling;
import dev.veil.inference.detect.TilingMode;
import dev.veil.inference.network.FailureReason;
import dev.veil.inference.network.OutputTensor;
import dev.veil.inference.network.YoloEngine;
import dev.veil.stage.Placement;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;
import org.bytedeco.opencv.opencv_core.Scalar;

/**
 * A YOLO face model (YOLOv5-face or YOLOv8-face, an ONNX file) on any {@link YoloEngine}: the same pre- and
 * post-processing whether the network runs on ONNX Runtime, OpenCV or TensorRT. Pre-processing as in
 * yolov5-face: letterbox to a square of the engine's input size padded with grey 114, RGB, 0..1. Post-processing:
 * the format's decoding, confidence threshold, non-maximum suppression, boxes and landmarks normalized to the
 * frame. With {@link Tiling}, big frames are also searched tile by tile at full resolution.
 *
 * <p>A batch of frames (and their tiles) is written into the engine's input tensor and run in as few engine calls
 * as its capacity allows: one for a Numaflow read batch of up to {@code VEIL_BATCH_SIZE} untiled frames.
 *
 * <p>Thread safety: the engine runs behind a lock (one input tensor, one stream); on the CPU a run already
 * spreads over all cores, on the GPU the batch is what makes it efficient.
 */
public final class YoloFaceDetector implements FaceDetector {

    /** Candidates kept for NMS at most per frame, best first; bounds its quadratic cost at very low thresholds. */
    private static final int MAX_CANDIDATES = 3000;
    private static final double PAD_GREY = 114;

    /** One image the network looks at: a whole frame or one tile of it. */
    private record View(int frame, Tiling.Tile tile, Letterbox box) {
    }

    private final YoloEngine engine;
    private final String modelName;
    private final YoloFormat format;
    private final double minScore;
    private final double nmsIou;
    private final Tiling tiling;
    private final Object lock = new Object();
    private long engineRuns;
    private boolean closed;

    /**
     * Takes over the engine (closes it on {@link #close()}, or here if this fails) and runs it once on a blank
     * image, so that a model whose outputs are not a YOLO face layout (or not the {@code format} stated) fails at
     * start-up, not on the first frame.
     *
     * @param format {@link YoloFormat#AUTO} to recognize it from the output shapes
     * @throws IllegalArgumentException when the model does not run or its outputs are not the format's
     */
    public YoloFaceDetector(YoloEngine engine, String modelName, YoloFormat format, double minScore, double nmsIou,
                            Tiling tiling) {
        this.engine = engine;
        this.modelName = modelName;
        this.minScore = minScore;
        this.nmsIou = nmsIou;
        this.tiling = tiling;
        int side = engine.inputSize();
        try (Scalar grey = new Scalar(PAD_GREY, PAD_GREY, PAD_GREY, 0);
             Mat blank = new Mat(side, side, CV_8UC3, grey)) {
            InputBlob.letterboxInto(blank, Letterbox.fit(side, side, side, side), PAD_GREY, 1 / 255.0, 0, engine.input(), 0);
            List<int[]> shapes = engine.run(1).stream().map(OutputTensor::shape).toList();
            this.format = format.checkedAgainst(shapes, side);
        } catch (RuntimeException e) {
            engine.close();
            throw new IllegalArgumentException(modelName + " does not run as a YOLO face model at an input of " + side
                    + "x" + side + " on " + engine.describe() + " (exported models often accept only the size they"
                    + " were exported at, 640 for most; see VEIL_MODEL_INPUT_SIZE): " + FailureReason.message(e), e);
        }
    }

    @Override
    public List<Face> detect(Mat bgr) {
        return detectBatch(List.of(bgr)).get(0);
    }

    @Override
    public List<List<Face>> detectBatch(List<Mat> images) {
        int side = engine.inputSize();
        List<View> views = new ArrayList<>();
        for (int i = 0; i < images.size(); i++) {
            Mat image = images.get(i);
            if (image.empty() || image.channels() != 3) {
                throw new IllegalArgumentException("expected a 3-channel BGR image, got " + image.cols() + "x"
                        + image.rows() + " with " + image.channels() + " channels");
            }
            views.add(new View(i, null, Letterbox.fit(image.cols(), image.rows(), side, side)));
            for (Tiling.Tile t : tiling.tiles(image.cols(), image.rows(), side)) {
                views.add(new View(i, t, Letterbox.fit(t.width(), t.height(), side, side)));
            }
        }
        List<List<OutputTensor>> outputs = runAll(images, views);
        List<List<Candidate>> perFrame = new ArrayList<>(images.size());
        images.forEach(image -> perFrame.add(new ArrayList<>()));
        for (int v = 0; v < views.size(); v++) {
            View view = views.get(v);
            Mat image = images.get(view.frame());
            for (Candidate c : format.decode(outputs.get(v), side, minScore)) {
                Candidate inFrame = view.box().toSource(c);
                if (view.tile() != null) {
                    inFrame = inFrame.translated(view.tile().x(), view.tile().y());
                    if (view.tile().cuts(inFrame, image.cols(), image.rows())) {
                        continue;
                    }
                }
                perFrame.get(view.frame()).add(inFrame);
            }
        }
        List<List<Face>> faces = new ArrayList<>(images.size());
        for (int i = 0; i < images.size(); i++) {
            faces.add(suppressed(perFrame.get(i), images.get(i).cols(), images.get(i).rows()));
        }
        return faces;
    }

    /** Every view through the engine, {@code capacity()} at a time; each view's outputs as a batch of one. */
    private List<List<OutputTensor>> runAll(List<Mat> images, List<View> views) {
        List<List<OutputTensor>> perView = new ArrayList<>(views.size());
        synchronized (lock) {
            if (closed) {
                throw new IllegalStateException(describe() + " is closed");
            }
            for (int start = 0; start < views.size(); start += engine.capacity()) {
                int count = Math.min(engine.capacity(), views.size() - start);
                for (int slot = 0; slot < count; slot++) {
                    View view = views.get(start + slot);
                    Mat image = images.get(view.frame());
                    if (view.tile() == null) {
                        InputBlob.letterboxInto(image, view.box(), PAD_GREY, 1 / 255.0, 0, engine.input(), slot);
                    } else {
                        Tiling.Tile t = view.tile();
                        try (Rect rect = new Rect(t.x(), t.y(), t.width(), t.height());
                             Mat tile = new Mat(image, rect)) {
                            InputBlob.letterboxInto(tile, view.box(), PAD_GREY, 1 / 255.0, 0, engine.input(), slot);
                        }
                    }
                }
                List<OutputTensor> outputs = engine.run(count);
                engineRuns++;
                for (int slot = 0; slot < count; slot++) {
                    List<OutputTensor> one = new ArrayList<>(outputs.size());
                    for (OutputTensor o : outputs) {
                        one.add(o.item(slot));
                    }
                    perView.add(one);
                }
            }
        }
        return perView;
    }

    private List<Face> suppressed(List<Candidate> candidates, int width, int height) {
        if (candidates.size() > MAX_CANDIDATES) {
            candidates = NonMaxSuppression.byScore(candidates).subList(0, MAX_CANDIDATES);
        }
        return NonMaxSuppression.hard(candidates, nmsIou).stream()
                .map(c -> c.normalized(width, height))
                .toList();
    }

    /** The output layout in use (recognized or stated). */
    public YoloFormat format() {
        return format;
    }

    /** Engine calls so far (the blank one at start-up not counted). */
    public long engineRuns() {
        synchronized (lock) {
            return engineRuns;
        }
    }

    @Override
    public boolean onGpu() {
        return engine.onGpu();
    }

    @Override
    public Placement placement() {
        return engine.placement();
    }

    @Override
    public String describe() {
        return Env.spelling(format) + " " + modelName + " @" + engine.inputSize() + " on " + engine.describe()
                + (tiling.mode() == TilingMode.OFF ? "" : ", tiling " + Env.spelling(tiling.mode()) + " "
                + tiling.tileSize() + "px");
    }

    @Override
    public void close() {
        synchronized (lock) {
            if (!closed) {
                closed = true;
                engine.close();
            }
        }
    }
}
