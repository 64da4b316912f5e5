package dev.veil.inference.network;

import dev.veil.stage.Placement;
import java.util.List;
import org.bytedeco.javacpp.FloatPointer;

/**
 * Runs a YOLO network on a batch of pre-processed images: the one part of YOLO face detection that differs
 * between the CPU (ONNX Runtime, OpenCV DNN) and the GPU (TensorRT). Pre-processing, decoding, suppression and
 * tiling are the same code for all of them ({@code YoloFaceDetector}).
 *
 * <p>Not thread-safe: one caller at a time (the detector holds a lock around fill-and-run).
 */
public interface YoloEngine extends AutoCloseable {

    /** Side of the square input the network takes, pixels. */
    int inputSize();

    /** Most images one {@link #run} takes. */
    int capacity();

    /**
     * Host memory the next run reads: {@code capacity() x 3 x inputSize() x inputSize()} floats, NCHW, RGB. Owned by
     * the engine (pinned memory for the GPU), valid until {@link #close()}.
     */
    FloatPointer input();

    /**
     * Runs the network on the first {@code count} images of {@link #input()} in one call (several when the model's
     * batch is fixed smaller, still one synchronisation), and returns its outputs copied to the heap, each with
     * {@code count} as its first dimension, in the network's output order.
     *
     * @throws RuntimeException when the runtime fails; a {@code gpu.GpuFailure} means the device
     *                          cannot be trusted any more
     */
    List<OutputTensor> run(int count);

    /** Refuses a {@link #run} of no images or of more than the engine holds. */
    static void requireRunSize(int count, int capacity) {
        if (count < 1 || count > capacity) {
            throw new IllegalArgumentException("run of " + count + " images on an engine of capacity " + capacity);
        }
    }

    /** Whether it runs batches on a GPU in one call, where waiting a moment to gather frames pays. */
    default boolean onGpu() {
        return false;
    }

    /** What runs, for logs: {@code onnxruntime cpu}, {@code tensorrt fp16 NVIDIA T4}. */
    String describe();

    /** The device and runtime it runs on, for the frames and the display. */
    Placement placement();

    @Override
    void close();
}
