package dev.veil.inference.detect;

import dev.veil.stage.Placement;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * Finds faces in images. Implementations are safe to call from several threads at once, and own native
 * resources (a network, a cascade, a GPU engine) that {@link #close()} releases.
 */
public interface FaceDetector extends AutoCloseable {

    /**
     * Faces in an 8-bit, 3-channel BGR image of any size, normalized to that image. The image is only read.
     *
     * @throws RuntimeException when the model cannot run on this image (OpenCV error, unexpected outputs)
     */
    List<Face> detect(Mat bgr);

    /**
     * Faces in each image, in the same order, as {@link #detect} would find them. A detector that can batch runs
     * the model once for all of them (the images of one Numaflow read batch, whatever their streams); the others
     * go one by one. When the model fails, the whole call fails: every image went through that failed run.
     */
    default List<List<Face>> detectBatch(List<Mat> images) {
        List<List<Face>> out = new ArrayList<>(images.size());
        for (Mat image : images) {
            out.add(detect(image));
        }
        return out;
    }

    /**
     * A cheaper search of the same image for the frames between two full ones ({@code VEIL_FULL_SEARCH_EVERY}): it
     * finds the larger faces and may miss the smallest, which the tracker holds from the last full search. A
     * detector with no cheaper search does the full one.
     */
    default List<Face> detectCoarse(Mat bgr) {
        return detect(bgr);
    }

    /** Whether {@link #detectCoarse} is cheaper than {@link #detect}, i.e. worth a cadence of its own. */
    default boolean hasCoarseSearch() {
        return false;
    }

    /** What runs, for logs and reports, e.g. {@code yolov5-face yolov5n-0.5-face.onnx @640 onnxruntime cpu}. */
    String describe();

    /** Whether the model runs batches on a GPU in one call (where gathering frames into batches pays). */
    default boolean onGpu() {
        return false;
    }

    /** The device and runtime the faces come from: logged, carried on every frame and shown by the display. */
    Placement placement();

    @Override
    void close();
}
