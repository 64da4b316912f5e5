package dev.veil.inference.gpu;

import static org.bytedeco.cuda.global.cudart.cudaFree;
import static org.bytedeco.cuda.global.cudart.cudaFreeHost;
import static org.bytedeco.cuda.global.cudart.cudaGetDeviceCount;
import static org.bytedeco.cuda.global.cudart.cudaGetDeviceProperties;
import static org.bytedeco.cuda.global.cudart.cudaGetErrorString;
import static org.bytedeco.cuda.global.cudart.cudaMalloc;
import static org.bytedeco.cuda.global.cudart.cudaMallocHost;
import static org.bytedeco.cuda.global.cudart.cudaMemcpyAsync;
import static org.bytedeco.cuda.global.cudart.cudaMemcpyDeviceToHost;
import static org.bytedeco.cuda.global.cudart.cudaMemcpyHostToDevice;
import static org.bytedeco.cuda.global.cudart.cudaSetDevice;
import static org.bytedeco.cuda.global.cudart.cudaStreamCreate;
import static org.bytedeco.cuda.global.cudart.cudaStreamDestroy;
import static org.bytedeco.cuda.global.cudart.cudaStreamSynchronize;
import static org.bytedeco.tensorrt.global.nvinfer.createInferBuilder;
import static org.bytedeco.tensorrt.global.nvinfer.createInferRuntime;
import static org.bytedeco.tensorrt.global.nvinfer.getInferLibVersion;
import static org.bytedeco.tensorrt.global.nvonnxparser.createParser;

import dev.veil.inference.NativeAddress;
import dev.veil.inference.OutputTensor;
import dev.veil.inference.YoloEngine;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.bytedeco.cuda.cudart.CUstream_st;
import org.bytedeco.cuda.cudart.cudaDeviceProp;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.tensorrt.global.nvinfer.BuilderFlag;
import org.bytedeco.tensorrt.global.nvinfer.DataType;
import org.bytedeco.tensorrt.global.nvinfer.MemoryPoolType;
import org.bytedeco.tensorrt.global.nvinfer.OptProfileSelector;
import org.bytedeco.tensorrt.global.nvinfer.TensorIOMode;
import org.bytedeco.tensorrt.nvinfer.Dims64;
import org.bytedeco.tensorrt.nvinfer.IBuilder;
import org.bytedeco.tensorrt.nvinfer.IBuilderConfig;
import org.bytedeco.tensorrt.nvinfer.ICudaEngine;
import org.bytedeco.tensorrt.nvinfer.IExecutionContext;
import org.bytedeco.tensorrt.nvinfer.IHostMemory;
import org.bytedeco.tensorrt.nvinfer.ILogger;
import org.bytedeco.tensorrt.nvinfer.INetworkDefinition;
import org.bytedeco.tensorrt.nvinfer.IOptimizationProfile;
import org.bytedeco.tensorrt.nvinfer.IRuntime;
import org.bytedeco.tensorrt.nvinfer.ITensor;
import org.bytedeco.tensorrt.nvonnxparser.IParser;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A YOLO network as a TensorRT engine on CUDA device 0 (the GPU the pod's claim gave it).
 *
 * <p>Start-up: the engine is taken from the {@link EngineCache} under its {@link EngineCacheKey} (model SHA-256,
 * GPU name and compute capability, TensorRT version, precision, input shape), or built from the ONNX file (FP16
 * where the GPU has fast FP16 and {@code VEIL_PRECISION=fp16}; an optimization profile of batch 1 to
 * {@code capacity} when the model's batch dimension is dynamic, its own fixed batch otherwise) and stored there.
 * Device buffers and pinned host buffers for the largest call are allocated once, with one CUDA stream.
 *
 * <p>A run: upload (host to device), {@code enqueueV3} and download (device to host), all asynchronous on that
 * stream, one synchronisation at the end; a model of fixed batch repeats the three per chunk, still one
 * synchronisation. Any CUDA or TensorRT failure marks the engine broken and raises a {@link GpuFailure}.
 *
 * <p>Only loaded where {@link GpuProbe} found a device: the first use of these classes loads CUDA's and
 * TensorRT's natives, which exist in the inference image only.
 */
public final class TensorRtEngine implements YoloEngine {

    private static final Logger log = LoggerFactory.getLogger(TensorRtEngine.class);
    /** Scratch memory TensorRT may use while choosing kernels (build time only). */
    private static final long BUILD_WORKSPACE = 1L << 30;

    /** Routes TensorRT's messages to the log: warnings and errors only (its info level is chatty). */
    private static final class TensorRtLog extends ILogger {
        /**
         * The one logger of the process: TensorRT keeps the first logger it is given for its whole life and ignores
         * later ones (seen on an H200: "The logger passed into createInferRuntime differs from one already
         * registered"), so a per-engine logger freed at close would leave TensorRT calling freed memory. Created on
         * first use, because creating it loads TensorRT's natives; never freed.
         */
        private static final class Shared {
            static final TensorRtLog INSTANCE = new TensorRtLog();
        }

        @Override
        public void log(Severity severity, String message) {
            Severity s = severity.intern();
            if (s == Severity.kERROR || s == Severity.kINTERNAL_ERROR) {
                TensorRtEngine.log.atError().addKeyValue("tensorrt", message).log("TensorRT error");
            } else if (s == Severity.kWARNING) {
                TensorRtEngine.log.atWarn().addKeyValue("tensorrt", message).log("TensorRT warning");
            }
        }
    }

    private final TensorRtLog trtLog;
    private final IRuntime runtime;
    private final ICudaEngine engine;
    private final IExecutionContext context;
    private final CUstream_st stream;
    private final String inputName;
    private final List<String> outputNames;
    /** Output shape of one image, first dimension 1, per output. */
    private final List<int[]> outputShapes;
    private final int inputSize;
    private final int capacity;
    /** Images per enqueue: the model's fixed batch, or 0 when dynamic (then the whole run is one enqueue). */
    private final int modelBatch;
    private final Pointer deviceInput;
    private final List<Pointer> deviceOutputs;
    private final Pointer pinnedInput;
    private final FloatPointer hostInput;
    private final List<Pointer> pinnedOutputs;
    private final String description;
    private int currentBatch = -1;
    private boolean broken;
    private boolean closed;

    private TensorRtEngine(Builder b) {
        this.trtLog = b.trtLog;
        this.runtime = b.runtime;
        this.engine = b.engine;
        this.context = b.context;
        this.stream = b.stream;
        this.inputName = b.inputName;
        this.outputNames = b.outputNames;
        this.outputShapes = b.outputShapes;
        this.inputSize = b.inputSize;
        this.capacity = b.capacity;
        this.modelBatch = b.modelBatch;
        this.deviceInput = b.deviceInput;
        this.deviceOutputs = b.deviceOutputs;
        this.pinnedInput = b.pinnedInput;
        this.hostInput = b.hostInput;
        this.pinnedOutputs = b.pinnedOutputs;
        this.description = b.description;
    }

    /** What the GPU and TensorRT are, read through CUDA (so only on a machine with a device). */
    public record Device(String name, int major, int minor, String tensorRtVersion) {
        String computeCapability() {
            return major + "." + minor;
        }
    }

    /** The device this process uses, and the TensorRT version loaded. */
    public static Device device() {
        int[] count = new int[1];
        check(cudaGetDeviceCount(count), "cudaGetDeviceCount");
        if (count[0] < 1) {
            throw new GpuFailure("CUDA sees no device");
        }
        check(cudaSetDevice(0), "cudaSetDevice(0)");
        try (cudaDeviceProp prop = new cudaDeviceProp()) {
            check(cudaGetDeviceProperties(prop, 0), "cudaGetDeviceProperties");
            int v = getInferLibVersion();
            // TensorRT 10 encodes its version as major * 10000 + minor * 100 + patch.
            String version = (v / 10000) + "." + (v / 100 % 100) + "." + (v % 100);
            return new Device(prop.name().getString().trim(), prop.major(), prop.minor(), version);
        }
    }

    /**
     * Loads the engine for this model from the cache, or builds and caches it, and prepares it to run batches of
     * up to {@code capacity} images.
     *
     * @throws IllegalArgumentException when TensorRT cannot parse or build the model (a configuration problem)
     * @throws GpuFailure               when CUDA fails
     */
    public static TensorRtEngine open(Path model, int inputSize, int capacity, Precision precision, EngineCache cache) {
        byte[] modelBytes;
        try {
            modelBytes = Files.readAllBytes(model);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read " + model + ": " + e.getMessage(), e);
        }
        Device device = device();
        Precision effective = precision.on(device.major(), device.minor());
        EngineCacheKey key = new EngineCacheKey(EngineCacheKey.sha256(modelBytes), device.name(),
                device.computeCapability(), device.tensorRtVersion(), effective,
                "1.." + capacity + "x3x" + inputSize + "x" + inputSize);
        Builder b = new Builder();
        b.trtLog = TensorRtLog.Shared.INSTANCE;
        b.inputSize = inputSize;
        b.capacity = capacity;
        try {
            b.runtime = createInferRuntime(b.trtLog);
            if (b.runtime == null) {
                throw new GpuFailure("TensorRT could not create its runtime");
            }
            Optional<byte[]> cached = cache.load(key);
            if (cached.isPresent()) {
                b.engine = deserialize(b.runtime, cached.get());
                if (b.engine == null) {
                    log.atWarn().addKeyValue("file", cache.entry(key))
                            .log("TensorRT refused the cached engine, building it again");
                    Files.deleteIfExists(cache.entry(key));
                } else {
                    log.atInfo().addKeyValue("file", cache.entry(key)).log("TensorRT engine loaded from the cache");
                }
            }
            if (b.engine == null) {
                long start = System.nanoTime();
                byte[] built = build(b.trtLog, modelBytes, model, inputSize, capacity, effective);
                log.atInfo().addKeyValue("model", model.getFileName()).addKeyValue("gpu", device.name())
                        .addKeyValue("precision", effective).addKeyValue("seconds", (System.nanoTime() - start) / 1e9)
                        .log("TensorRT engine built");
                cache.store(key, built);
                b.engine = deserialize(b.runtime, built);
                if (b.engine == null) {
                    throw new GpuFailure("TensorRT could not load the engine it just built");
                }
            }
            b.prepare(device, effective);
            return new TensorRtEngine(b);
        } catch (IOException e) {
            b.release();
            throw new GpuFailure("engine cache: " + e.getMessage());
        } catch (RuntimeException e) {
            b.release();
            throw e;
        }
    }

    private static ICudaEngine deserialize(IRuntime runtime, byte[] bytes) {
        try (BytePointer blob = new BytePointer(bytes)) {
            return runtime.deserializeCudaEngine(blob, bytes.length);
        }
    }

    /** ONNX file to serialized engine. */
    private static byte[] build(ILogger trtLog, byte[] modelBytes, Path model, int inputSize, int capacity,
                                Precision precision) {
        IBuilder builder = null;
        INetworkDefinition network = null;
        IParser parser = null;
        IBuilderConfig config = null;
        IHostMemory serialized = null;
        try (BytePointer onnx = new BytePointer(modelBytes)) {
            builder = createInferBuilder(trtLog);
            network = builder.createNetworkV2(0);
            parser = createParser(network, trtLog);
            if (!parser.parse(onnx, modelBytes.length)) {
                List<String> errors = new ArrayList<>();
                for (int i = 0; i < parser.getNbErrors(); i++) {
                    errors.add(parser.getError(i).desc());
                }
                throw new IllegalArgumentException("TensorRT cannot parse " + model.getFileName() + ": " + errors);
            }
            if (network.getNbInputs() != 1) {
                throw new IllegalArgumentException("a YOLO model has one input, " + model.getFileName() + " has "
                        + network.getNbInputs());
            }
            ITensor input = network.getInput(0);
            Dims64 dims = input.getDimensions();
            if (dims.nbDims() != 4 || !fits(dims.d(1), 3) || !fits(dims.d(2), inputSize) || !fits(dims.d(3), inputSize)) {
                throw new IllegalArgumentException("model input " + input.getName() + " is " + describe(dims)
                        + ", not Nx3x" + inputSize + "x" + inputSize + " (set VEIL_MODEL_INPUT_SIZE to the size it was"
                        + " exported at)");
            }
            config = builder.createBuilderConfig();
            config.setMemoryPoolLimit(MemoryPoolType.kWORKSPACE, BUILD_WORKSPACE);
            if (precision == Precision.FP16) {
                config.setFlag(BuilderFlag.kFP16);
            }
            boolean dynamic = false;
            for (int i = 0; i < 4; i++) {
                dynamic |= dims.d(i) < 0;
            }
            if (dynamic) {
                long maxBatch = dims.d(0) < 0 ? capacity : dims.d(0);
                long minBatch = dims.d(0) < 0 ? 1 : dims.d(0);
                IOptimizationProfile profile = builder.createOptimizationProfile();
                String name = input.getName();
                try (Dims64 min = dims4(minBatch, inputSize);
                     Dims64 max = dims4(maxBatch, inputSize)) {
                    profile.setDimensions(name, OptProfileSelector.kMIN, min);
                    profile.setDimensions(name, OptProfileSelector.kOPT, max);
                    profile.setDimensions(name, OptProfileSelector.kMAX, max);
                }
                config.addOptimizationProfile(profile);
            }
            serialized = builder.buildSerializedNetwork(network, config);
            if (serialized == null || serialized.size() == 0) {
                throw new IllegalArgumentException("TensorRT could not build an engine for " + model.getFileName()
                        + " (its log above says why)");
            }
            byte[] bytes = new byte[Math.toIntExact(serialized.size())];
            new BytePointer(serialized.data()).capacity(bytes.length).get(bytes);
            return bytes;
        } finally {
            deallocate(serialized);
            deallocate(config);
            deallocate(parser);
            deallocate(network);
            deallocate(builder);
        }
    }

    private static boolean fits(long dim, long size) {
        return dim < 0 || dim == size;
    }

    private static Dims64 dims4(long batch, int side) {
        Dims64 d = new Dims64();
        d.nbDims(4);
        d.d(0, batch);
        d.d(1, 3);
        d.d(2, side);
        d.d(3, side);
        return d;
    }

    private static String describe(Dims64 dims) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < dims.nbDims(); i++) {
            s.append(i == 0 ? "" : "x").append(dims.d(i) < 0 ? "?" : String.valueOf(dims.d(i)));
        }
        return s.toString();
    }

    /** The engine's state while it is put together; released whole when a step fails. */
    private static final class Builder {
        TensorRtLog trtLog;
        IRuntime runtime;
        ICudaEngine engine;
        IExecutionContext context;
        CUstream_st stream;
        String inputName;
        List<String> outputNames = new ArrayList<>();
        List<int[]> outputShapes = new ArrayList<>();
        int inputSize;
        int capacity;
        int modelBatch;
        Pointer deviceInput;
        List<Pointer> deviceOutputs = new ArrayList<>();
        Pointer pinnedInput;
        FloatPointer hostInput;
        List<Pointer> pinnedOutputs = new ArrayList<>();
        String description;

        /** Context, tensor names and shapes, buffers for the largest call, the stream. */
        void prepare(Device device, Precision precision) {
            context = engine.createExecutionContext();
            if (context == null) {
                throw new GpuFailure("TensorRT could not create an execution context");
            }
            for (int i = 0; i < engine.getNbIOTensors(); i++) {
                String name = engine.getIOTensorName(i);
                int mode = engine.getTensorIOMode(name).value;
                if (engine.getTensorDataType(name).value != DataType.kFLOAT.value) {
                    throw new IllegalArgumentException("tensor " + name + " is not float32");
                }
                if (mode == TensorIOMode.kINPUT.value) {
                    inputName = name;
                } else if (mode == TensorIOMode.kOUTPUT.value) {
                    outputNames.add(name);
                }
            }
            if (inputName == null || outputNames.isEmpty()) {
                throw new IllegalArgumentException("the engine has no input or no output");
            }
            long batchDim = engine.getTensorShape(inputName).d(0);
            modelBatch = batchDim < 0 ? 0 : (int) batchDim;
            int perCall = modelBatch == 0 ? capacity : modelBatch;
            try (Dims64 full = dims4(perCall, inputSize)) {
                if (!context.setInputShape(inputName, full)) {
                    throw new IllegalArgumentException("the engine does not take an input of " + describe(full));
                }
            }
            int slots = (capacity + perCall - 1) / perCall * perCall;
            long inputFloatsPerImage = 3L * inputSize * inputSize;
            deviceInput = deviceMalloc(perCall * inputFloatsPerImage * Float.BYTES);
            pinnedInput = hostMalloc(slots * inputFloatsPerImage * Float.BYTES);
            hostInput = new FloatPointer(pinnedInput).capacity(slots * inputFloatsPerImage);
            check(context.setTensorAddress(inputName, deviceInput), "setTensorAddress(" + inputName + ")");
            for (String name : outputNames) {
                Dims64 shape = context.getTensorShape(name);
                long elements = 1;
                int[] one = new int[shape.nbDims()];
                for (int d = 0; d < shape.nbDims(); d++) {
                    if (shape.d(d) < 0) {
                        throw new IllegalArgumentException("output " + name + " has an unresolved dimension: "
                                + describe(shape));
                    }
                    elements *= shape.d(d);
                    one[d] = Math.toIntExact(shape.d(d));
                }
                if (one.length == 0 || one[0] != perCall) {
                    throw new IllegalArgumentException("output " + name + " " + describe(shape) + " does not lead with"
                            + " the batch of " + perCall);
                }
                one[0] = 1;
                outputShapes.add(one);
                long perImage = elements / perCall;
                Pointer buffer = deviceMalloc(elements * Float.BYTES);
                deviceOutputs.add(buffer);
                pinnedOutputs.add(hostMalloc(slots * perImage * Float.BYTES));
                check(context.setTensorAddress(name, buffer), "setTensorAddress(" + name + ")");
            }
            stream = new CUstream_st();
            check(cudaStreamCreate(stream), "cudaStreamCreate");
            description = "tensorrt " + precision.name().toLowerCase(java.util.Locale.ROOT) + " " + device.name()
                    + " (sm " + device.computeCapability() + ", TensorRT " + device.tensorRtVersion() + ")";
        }

        void release() {
            if (stream != null && !stream.isNull()) {
                cudaStreamDestroy(stream);
            }
            if (deviceInput != null) {
                cudaFree(deviceInput);
            }
            deviceOutputs.forEach(p -> cudaFree(p));
            if (pinnedInput != null) {
                cudaFreeHost(pinnedInput);
            }
            pinnedOutputs.forEach(p -> cudaFreeHost(p));
            deallocate(context);
            deallocate(engine);
            deallocate(runtime);
        }
    }

    private static Pointer deviceMalloc(long bytes) {
        Pointer p = new Pointer();
        check(cudaMalloc(p, bytes), "cudaMalloc(" + bytes + ")");
        return p;
    }

    private static Pointer hostMalloc(long bytes) {
        Pointer p = new Pointer();
        check(cudaMallocHost(p, bytes), "cudaMallocHost(" + bytes + ")");
        return p;
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
        return hostInput;
    }

    @Override
    public boolean onGpu() {
        return true;
    }

    @Override
    public List<OutputTensor> run(int count) {
        YoloEngine.requireRunSize(count, capacity);
        if (closed || broken) {
            throw new GpuFailure("the TensorRT engine is " + (closed ? "closed" : "unusable after a CUDA failure"));
        }
        try {
            long inputBytesPerImage = 3L * inputSize * inputSize * Float.BYTES;
            int step = modelBatch == 0 ? count : modelBatch;
            for (int start = 0; start < count; start += step) {
                if (step != currentBatch) {
                    try (Dims64 shape = dims4(step, inputSize)) {
                        if (!context.setInputShape(inputName, shape)) {
                            throw new GpuFailure("setInputShape(" + describe(shape) + ") refused");
                        }
                    }
                    currentBatch = step;
                }
                check(cudaMemcpyAsync(deviceInput, NativeAddress.of(pinnedInput, start * inputBytesPerImage),
                        step * inputBytesPerImage, cudaMemcpyHostToDevice, stream), "cudaMemcpyAsync to the device");
                if (!context.enqueueV3(stream)) {
                    throw new GpuFailure("enqueueV3 failed");
                }
                for (int o = 0; o < outputNames.size(); o++) {
                    long bytesPerImage = elements(outputShapes.get(o)) * Float.BYTES;
                    check(cudaMemcpyAsync(NativeAddress.of(pinnedOutputs.get(o), start * bytesPerImage),
                                    deviceOutputs.get(o), step * bytesPerImage, cudaMemcpyDeviceToHost, stream),
                            "cudaMemcpyAsync from the device");
                }
            }
            check(cudaStreamSynchronize(stream), "cudaStreamSynchronize");
        } catch (GpuFailure e) {
            broken = true;
            throw e;
        }
        List<OutputTensor> out = new ArrayList<>(outputNames.size());
        for (int o = 0; o < outputNames.size(); o++) {
            int[] shape = outputShapes.get(o).clone();
            shape[0] = count;
            float[] values = new float[Math.toIntExact(elements(shape))];
            new FloatPointer(pinnedOutputs.get(o)).capacity(values.length).get(values);
            out.add(new OutputTensor(shape, values));
        }
        return out;
    }

    private static long elements(int[] shape) {
        long n = 1;
        for (int d : shape) {
            n *= d;
        }
        return n;
    }

    @Override
    public String describe() {
        return description;
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (broken) {
            // After a CUDA failure the context may hang or fail on any call; the process is about to exit and the
            // driver frees everything with it.
            return;
        }
        cudaStreamSynchronize(stream);
        Builder b = new Builder();
        b.trtLog = trtLog;
        b.runtime = runtime;
        b.engine = engine;
        b.context = context;
        b.stream = stream;
        b.deviceInput = deviceInput;
        b.deviceOutputs = deviceOutputs;
        b.pinnedInput = pinnedInput;
        b.pinnedOutputs = pinnedOutputs;
        b.release();
    }

    private static void deallocate(Pointer p) {
        if (p != null && !p.isNull()) {
            p.deallocate();
        }
    }

    private static void check(boolean ok, String what) {
        if (!ok) {
            throw new GpuFailure(what + " failed");
        }
    }

    private static void check(int cudaStatus, String what) {
        if (cudaStatus != 0) {
            String message;
            try (BytePointer text = cudaGetErrorString(cudaStatus)) {
                message = text == null ? "unknown" : text.getString();
            }
            throw new GpuFailure(what + ": CUDA error " + cudaStatus + " (" + message + ")");
        }
    }
}
