package dev.veil.inference.gpu;

import dev.veil.inference.network.OnnxNetwork;
import dev.veil.inference.network.OutputTensor;
import dev.veil.stage.Placement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.tensorrt.nvinfer.ICudaEngine;
import org.bytedeco.tensorrt.nvinfer.IRuntime;

/**
 * An ONNX network of free input height and width (YuNet, searched at the frame's own size and at smaller ones) as
 * one TensorRT engine on CUDA device 0: built once per GPU model for every picture size from {@value #MIN_SIDE} to
 * {@value #MAX_SIDE} pixels a side, tuned for 1920x1088, and cached like the YOLO engines. One picture per run.
 */
public final class TensorRtNetwork implements OnnxNetwork {

    static final long MIN_SIDE = 32;
    /**
     * The largest side the engine takes: YuNet shrinks any frame to at most 1920x1088 pixels' worth
     * ({@code InputScale}), so only pictures wider than about 2.8:1 reach it; they are refused with one line.
     */
    static final long MAX_SIDE = 3072;
    static final InputProfile PROFILE = new InputProfile(new long[]{1, 3, MIN_SIDE, MIN_SIDE},
            new long[]{1, 3, 1088, 1920}, new long[]{1, 3, MAX_SIDE, MAX_SIDE});

    private final IRuntime runtime;
    private final TensorRtExecution execution;
    private final Placement placement;
    private final String name;
    private boolean closed;

    private TensorRtNetwork(IRuntime runtime, TensorRtExecution execution, Placement placement, String name) {
        this.runtime = runtime;
        this.execution = execution;
        this.placement = placement;
        this.name = name;
    }

    /**
     * The engine of this model from the cache, or built and cached.
     *
     * @throws IllegalArgumentException when the model's input is not {@code 1x3xHxW} with free H and W, or TensorRT
     *                                  cannot build it
     * @throws IllegalStateException    when TensorRT cannot build for this GPU here, or is not the binding's release
     * @throws GpuFailure               when CUDA fails
     */
    public static TensorRtNetwork open(byte[] model, String name, Precision precision, EngineCache cache) {
        TensorRtSession session = TensorRtSession.start(precision);
        IRuntime runtime = session.runtime();
        try {
            ICudaEngine engine = cache.getOrBuild(session.key(model, PROFILE),
                    () -> EngineBuild.build(model, name, TensorRtNetwork::profileFor, session.precision(),
                            session.device(), session.version()),
                    bytes -> TensorRtEngine.deserialize(runtime, bytes));
            TensorRtExecution execution = TensorRtExecution.prepare(engine, PROFILE.max(), 1);
            return new TensorRtNetwork(runtime, execution, session.placement(), name);
        } catch (RuntimeException e) {
            EngineBuild.deallocate(runtime);
            throw e;
        }
    }

    private static InputProfile profileFor(long[] dims) {
        if (dims.length != 4 || !(dims[0] == 1 || dims[0] < 0) || !(dims[1] == 3 || dims[1] < 0) || dims[2] >= 0
                || dims[3] >= 0) {
            throw new IllegalArgumentException("model input is " + TensorRtDims.describe(dims)
                    + ", not 1x3xHxW with free H and W");
        }
        return PROFILE;
    }

    @Override
    public <T> T run(Mat blob, Function<Map<String, OutputTensor>, T> reader) {
        if (blob.dims() != 4 || !blob.isContinuous()) {
            throw new IllegalArgumentException("expected a continuous NCHW blob, got " + blob.dims() + " dimensions");
        }
        long[] shape = {blob.size(0), blob.size(1), blob.size(2), blob.size(3)};
        if (!PROFILE.admits(shape)) {
            throw new IllegalArgumentException(name + " on TensorRT takes pictures of " + PROFILE.describe() + ", not "
                    + TensorRtDims.describe(shape));
        }
        long bytes = TensorRtDims.elements(shape, 0) * Float.BYTES;
        Pointer.memcpy(execution.input(), blob.data(), bytes);
        List<OutputTensor> outputs = execution.run(shape);
        Map<String, OutputTensor> byName = new LinkedHashMap<>();
        for (int o = 0; o < outputs.size(); o++) {
            byName.put(execution.outputNames().get(o), outputs.get(o));
        }
        return reader.apply(byName);
    }

    @Override
    public String describe() {
        return placement.label();
    }

    @Override
    public Placement placement() {
        return placement;
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        execution.close();
        EngineBuild.deallocate(runtime);
    }
}
