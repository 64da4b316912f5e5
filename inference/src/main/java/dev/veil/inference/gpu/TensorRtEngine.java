package dev.veil.inference.gpu;

import dev.veil.inference.network.OutputTensor;
import dev.veil.inference.network.YoloEngine;
import dev.veil.stage.Placement;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.tensorrt.nvinfer.ICudaEngine;
import org.bytedeco.tensorrt.nvinfer.IRuntime;

/**
 * A YOLO network as a TensorRT engine on CUDA device 0 (the GPU the pod's claim gave it), put together from its
 * parts: the engine comes from the {@link EngineCache} under its {@link EngineCacheKey} (model SHA-256, GPU name
 * and compute capability, TensorRT version, precision, input profile) or is built ({@link EngineBuild}: FP16 where
 * the GPU has fast FP16 and {@code VEIL_PRECISION=fp16}; an optimization profile of batch 1 to {@code capacity} when
 * the model's batch is free, its own fixed batch otherwise), and runs in a {@link TensorRtExecution}.
 *
 * <p>Only loaded where {@link GpuEnvironment} found a device and TensorRT's libraries: the first use of these classes
 * loads CUDA's and TensorRT's natives, which the GPU image carries.
 */
public final class TensorRtEngine implements YoloEngine {

    private final IRuntime runtime;
    private final TensorRtExecution execution;
    private final int inputSize;
    private final int capacity;
    private final Placement placement;
    private boolean closed;

    private TensorRtEngine(IRuntime runtime, TensorRtExecution execution, int inputSize, int capacity,
                           Placement placement) {
        this.runtime = runtime;
        this.execution = execution;
        this.inputSize = inputSize;
        this.capacity = capacity;
        this.placement = placement;
    }

    /**
     * Loads the engine for this model from the cache, or builds and caches it, and prepares it to run batches of
     * up to {@code capacity} images.
     *
     * @throws IllegalArgumentException when TensorRT cannot parse or build the model (a configuration problem)
     * @throws IllegalStateException    when TensorRT cannot build for this GPU here, or is not the binding's release
     * @throws GpuFailure               when CUDA fails
     */
    public static TensorRtEngine open(Path model, int inputSize, int capacity, Precision precision, EngineCache cache) {
        byte[] modelBytes;
        try {
            modelBytes = Files.readAllBytes(model);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read " + model + ": " + e.getMessage(), e);
        }
        String name = model.getFileName().toString();
        TensorRtSession session = TensorRtSession.start(precision);
        IRuntime runtime = session.runtime();
        try {
            InputProfile profile = yoloProfile(inputSize, capacity, null);
            EngineCacheKey key = session.key(modelBytes, profile);
            ICudaEngine engine = cache.getOrBuild(key,
                    () -> EngineBuild.build(modelBytes, name, dims -> yoloProfile(inputSize, capacity, dims),
                            session.precision(), session.device(), session.version()),
                    bytes -> deserialize(runtime, bytes));
            TensorRtExecution execution = TensorRtExecution.prepare(engine, new long[]{capacity, 3, inputSize, inputSize},
                    capacity);
            return new TensorRtEngine(runtime, execution, inputSize, capacity, session.placement());
        } catch (RuntimeException e) {
            EngineBuild.deallocate(runtime);
            throw e;
        }
    }

    /**
     * The profile of a YOLO model: batch 1 to {@code capacity} when its batch is free, its own batch when fixed, and
     * its square input of {@code inputSize}. With the model's dimensions ({@code null} before it is parsed: the
     * cache key assumes a free batch), a model whose input is not {@code Nx3xSxS} is refused.
     */
    static InputProfile yoloProfile(int inputSize, int capacity, long[] dims) {
        if (dims != null && (dims.length != 4 || !fits(dims[1], 3) || !fits(dims[2], inputSize)
                || !fits(dims[3], inputSize))) {
            throw new IllegalArgumentException("model input is " + TensorRtDims.describe(dims) + ", not Nx3x" + inputSize
                    + "x" + inputSize + " (set VEIL_MODEL_INPUT_SIZE to the size it was exported at)");
        }
        long fixedBatch = dims != null && dims[0] > 0 ? dims[0] : -1;
        long min = fixedBatch > 0 ? fixedBatch : 1;
        long max = fixedBatch > 0 ? fixedBatch : capacity;
        return new InputProfile(new long[]{min, 3, inputSize, inputSize}, new long[]{max, 3, inputSize, inputSize},
                new long[]{max, 3, inputSize, inputSize});
    }

    private static boolean fits(long dim, long size) {
        return dim < 0 || dim == size;
    }

    /** Serialized bytes to an engine, or empty when TensorRT refuses them (another build's, or damaged). */
    static Optional<ICudaEngine> deserialize(IRuntime runtime, byte[] bytes) {
        try (BytePointer blob = new BytePointer(bytes)) {
            ICudaEngine engine = runtime.deserializeCudaEngine(blob, bytes.length);
            return engine == null || engine.isNull() ? Optional.empty() : Optional.of(engine);
        }
    }

    /** The device this process uses and the TensorRT version loaded, for the GPU check and the logs. */
    public static String describeDevice() {
        CudaDevice device = CudaDevice.current();
        return device.name() + " (compute capability " + device.computeCapability() + "), TensorRT "
                + TensorRtVersion.loaded();
    }

    @Override
    public int inputSize() {
        return inputSize;
    }

    @Override
    public int capacity() {
        return capacity;
    }

    @Override
    public FloatPointer input() {
        return execution.input();
    }

    @Override
    public boolean onGpu() {
        return true;
    }

    @Override
    public List<OutputTensor> run(int count) {
        YoloEngine.requireRunSize(count, capacity);
        return execution.run(new long[]{count, 3, inputSize, inputSize});
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
