package dev.veil.inference.network;

import dev.veil.stage.Placement;
import java.util.Map;
import java.util.function.Function;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * An ONNX network with one image input of free size, loaded in a runtime: ONNX Runtime ({@link OnnxRuntimeNetwork},
 * the faster here) or OpenCV DNN ({@code opencv.OpenCvDnnNetwork}). The detector around it does the pre- and
 * post-processing, so both runtimes give the same faces (docs/detectors.md).
 *
 * <p>Not thread-safe: one caller at a time.
 */
public interface OnnxNetwork extends AutoCloseable {

    /**
     * Runs the network on one NCHW float blob and hands every output, by name, to {@code reader}, whose result this
     * returns. The outputs are valid during that call only: a runtime may reuse their memory for its next run (ONNX
     * Runtime does, see {@link OnnxRuntimeNetwork}).
     *
     * @throws RuntimeException when the runtime fails on this input
     */
    <T> T run(Mat blob, Function<Map<String, OutputTensor>, T> reader);

    /** What runs it, for logs: {@code onnxruntime cpu}. */
    String describe();

    /** The device and runtime it runs on, for the frames and the display. */
    Placement placement();

    @Override
    void close();
}
