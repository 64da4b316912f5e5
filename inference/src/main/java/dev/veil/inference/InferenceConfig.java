package dev.veil.inference;

import dev.veil.config.ConfigException;
import dev.veil.config.Env;
import dev.veil.inference.gpu.Precision;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * How the inference vertex detects faces, read once at start-up.
 *
 * @param model      a builtin model name ({@link BuiltinModel}) or the path of a {@code .onnx} (YOLO face) or
 *                   {@code .tflite} (BlazeFace) file ({@code VEIL_MODEL})
 * @param confidence lowest score a face is reported with, 0..1 ({@code VEIL_CONFIDENCE}; by default the model's own,
 *                   {@link BuiltinModel#defaultConfidenceOf})
 * @param nmsIou     overlap (intersection over union) above which two YOLO boxes are the same face, 0..1
 *                   ({@code VEIL_NMS_IOU}); BlazeFace keeps MediaPipe's {@value BlazeFaceDetector#NMS_IOU}
 *                   and Haar groups its own windows
 * @param inputSize  side of the square a YOLO model sees, a multiple of 32 ({@code VEIL_MODEL_INPUT_SIZE});
 *                   BlazeFace and Haar have their own fixed sizes and ignore it
 * @param yoloFormat the YOLO output layout, or {@link YoloFormat#AUTO} to recognize it ({@code VEIL_YOLO_FORMAT})
 * @param device     where a YOLO model runs ({@code VEIL_DEVICE})
 * @param cpuRuntime what runs a YOLO model on the CPU ({@code VEIL_CPU_RUNTIME})
 * @param precision  TensorRT's precision ({@code VEIL_PRECISION})
 * @param engineCache folder of serialized TensorRT engines ({@code VEIL_ENGINE_CACHE})
 * @param tiling     YOLO tiling of big frames ({@code VEIL_TILING}, {@code VEIL_TILE_SIZE}, {@code VEIL_TILE_OVERLAP})
 * @param batchSize  most frames detected in one engine call ({@code VEIL_BATCH_SIZE})
 * @param batchWait  how long the first frame of a batch waits for more; empty: 5 ms on the GPU, none on the CPU
 *                   ({@code VEIL_BATCH_WAIT})
 * @param yunetScales the sizes YuNet searches each frame at, as factors of the frame's own size, largest first
 *                   ({@code VEIL_YUNET_SCALES}); all faces found meet in one suppression
 * @param cpuThreads threads a model on ONNX Runtime's CPU provider uses, 0 for every core the process has
 *                   ({@code VEIL_CPU_THREADS}); {@code veil run} gives it half, the other stages need the rest
 */
public record InferenceConfig(String model, double confidence, double nmsIou, int inputSize, YoloFormat yoloFormat,
                              Device device, CpuRuntime cpuRuntime, Precision precision, Path engineCache,
                              Tiling tiling, int batchSize, Optional<Duration> batchWait, List<Double> yunetScales,
                              int cpuThreads) {

    public static final String MODEL = "VEIL_MODEL";
    public static final String CONFIDENCE = "VEIL_CONFIDENCE";
    public static final String NMS_IOU = "VEIL_NMS_IOU";
    public static final String INPUT_SIZE = "VEIL_MODEL_INPUT_SIZE";
    public static final String YOLO_FORMAT = "VEIL_YOLO_FORMAT";
    public static final String DEVICE = "VEIL_DEVICE";
    public static final String CPU_RUNTIME = "VEIL_CPU_RUNTIME";
    public static final String PRECISION = "VEIL_PRECISION";
    public static final String ENGINE_CACHE = "VEIL_ENGINE_CACHE";
    public static final String TILING = "VEIL_TILING";
    public static final String TILE_SIZE = "VEIL_TILE_SIZE";
    public static final String TILE_OVERLAP = "VEIL_TILE_OVERLAP";
    public static final String BATCH_SIZE = "VEIL_BATCH_SIZE";
    public static final String BATCH_WAIT = "VEIL_BATCH_WAIT";
    public static final String YUNET_SCALES = "VEIL_YUNET_SCALES";
    public static final String CPU_THREADS = "VEIL_CPU_THREADS";
    private static final int MAX_CPU_THREADS = 256;

    public static final double DEFAULT_NMS_IOU = 0.45;
    public static final int DEFAULT_INPUT_SIZE = 640;
    public static final double DEFAULT_TILE_OVERLAP = 0.2;
    /** The pipeline's {@code readBatchSize}: one Numaflow read batch is one engine call. */
    public static final int DEFAULT_BATCH_SIZE = 4;
    /** On the emptyDir the pod already has at /tmp: it outlives a container restart (see docs/inference.md). */
    public static final Path DEFAULT_ENGINE_CACHE = Path.of("/tmp/veil-engines");
    /** What an unset {@code VEIL_BATCH_WAIT} means on the GPU: a read batch arrives within about a millisecond. */
    public static final Duration GPU_BATCH_WAIT = Duration.ofMillis(5);
    /**
     * The frame at its own resolution (faces from about 10 px), at half of it and at about a third: YuNet misses
     * some large faces, cut by the picture's edge, turned or seen close up, at one size and finds them at another,
     * for about 40% more work than one scale (docs/detectors.md).
     */
    public static final List<Double> DEFAULT_YUNET_SCALES = List.of(1.0, 0.5, 0.35);
    private static final int MAX_YUNET_SCALES = 4;
    private static final double MAX_YUNET_SCALE = 2.0;
    private static final int MAX_INPUT_SIZE = 2048;
    private static final int MAX_BATCH_SIZE = 64;
    private static final Duration MAX_BATCH_WAIT = Duration.ofSeconds(1);

    public InferenceConfig {
        if (model == null || model.isBlank()) {
            throw new ConfigException(MODEL + " is empty: it must be one of " + BuiltinModel.names()
                    + " or the path of a .onnx (YOLO face) or .tflite (BlazeFace) file");
        }
        model = model.trim();
        if (!(confidence >= 0 && confidence <= 1)) {
            throw new ConfigException(CONFIDENCE + "=" + confidence + " is out of range 0..1");
        }
        if (!(nmsIou >= 0 && nmsIou <= 1)) {
            throw new ConfigException(NMS_IOU + "=" + nmsIou + " is out of range 0..1");
        }
        if (inputSize < 32 || inputSize > MAX_INPUT_SIZE || inputSize % 32 != 0) {
            throw new ConfigException(INPUT_SIZE + "=" + inputSize + " must be a multiple of 32 in 32.." + MAX_INPUT_SIZE);
        }
        if (yoloFormat == null || device == null || cpuRuntime == null || precision == null || engineCache == null
                || tiling == null || batchWait == null) {
            throw new ConfigException("inference configuration has an unset part");
        }
        if (batchSize < 1 || batchSize > MAX_BATCH_SIZE) {
            throw new ConfigException(BATCH_SIZE + "=" + batchSize + " is out of range 1.." + MAX_BATCH_SIZE);
        }
        if (batchWait.isPresent() && (batchWait.get().isNegative() || batchWait.get().compareTo(MAX_BATCH_WAIT) > 0)) {
            throw new ConfigException(BATCH_WAIT + "=" + batchWait.get().toMillis() + "ms is out of range 0ms..1s");
        }
        if (yunetScales == null || yunetScales.isEmpty() || yunetScales.size() > MAX_YUNET_SCALES) {
            throw new ConfigException(YUNET_SCALES + " must list 1 to " + MAX_YUNET_SCALES + " scales, e.g. 1,0.5");
        }
        for (double scale : yunetScales) {
            if (!(scale >= 0.1 && scale <= MAX_YUNET_SCALE)) {
                throw new ConfigException(YUNET_SCALES + ": scale " + scale + " is out of range 0.1.." + MAX_YUNET_SCALE);
            }
        }
        yunetScales = List.copyOf(yunetScales);
        if (cpuThreads < 0 || cpuThreads > MAX_CPU_THREADS) {
            throw new ConfigException(CPU_THREADS + "=" + cpuThreads + " is out of range 0.." + MAX_CPU_THREADS);
        }
    }

    /** The same configuration with ONNX Runtime on that many threads (0: every core). */
    public InferenceConfig withCpuThreads(int threads) {
        return new InferenceConfig(model, confidence, nmsIou, inputSize, yoloFormat, device, cpuRuntime, precision,
                engineCache, tiling, batchSize, batchWait, yunetScales, threads);
    }

    /** The threads ONNX Runtime is given: {@code cpuThreads}, or every core of this process when 0. */
    public int threads() {
        return cpuThreads > 0 ? cpuThreads : Runtime.getRuntime().availableProcessors();
    }

    /** The same configuration with another detection threshold. */
    public InferenceConfig withConfidence(double threshold) {
        return new InferenceConfig(model, threshold, nmsIou, inputSize, yoloFormat, device, cpuRuntime, precision,
                engineCache, tiling, batchSize, batchWait, yunetScales, cpuThreads);
    }

    /** The same configuration with another model. */
    public InferenceConfig withModel(String name) {
        return new InferenceConfig(name, confidence, nmsIou, inputSize, yoloFormat, device, cpuRuntime, precision,
                engineCache, tiling, batchSize, batchWait, yunetScales, cpuThreads);
    }

    /** The same configuration with other YuNet scales. */
    public InferenceConfig withYunetScales(List<Double> scales) {
        return new InferenceConfig(model, confidence, nmsIou, inputSize, yoloFormat, device, cpuRuntime, precision,
                engineCache, tiling, batchSize, batchWait, scales, cpuThreads);
    }

    /** A model with the given thresholds and input size, everything else at its default. */
    public InferenceConfig(String model, double confidence, double nmsIou, int inputSize) {
        this(model, confidence, nmsIou, inputSize, YoloFormat.AUTO, Device.AUTO, CpuRuntime.ONNXRUNTIME,
                Precision.FP16, DEFAULT_ENGINE_CACHE, new Tiling(TilingMode.AUTO, inputSize, DEFAULT_TILE_OVERLAP),
                DEFAULT_BATCH_SIZE, Optional.empty(), DEFAULT_YUNET_SCALES, 0);
    }

    /** The builtin default model at its own confidence, NMS overlap 0.45, YOLO input 640, the rest at its default. */
    public static InferenceConfig defaults() {
        return new InferenceConfig(BuiltinModel.DEFAULT.modelName(), BuiltinModel.DEFAULT.defaultConfidence(),
                DEFAULT_NMS_IOU, DEFAULT_INPUT_SIZE);
    }

    public static InferenceConfig fromEnv(Env env) {
        int inputSize = env.integer(INPUT_SIZE, DEFAULT_INPUT_SIZE, 32, MAX_INPUT_SIZE);
        String model = env.string(MODEL, BuiltinModel.DEFAULT.modelName());
        return new InferenceConfig(
                model,
                env.decimal(CONFIDENCE, BuiltinModel.defaultConfidenceOf(model), 0, 1),
                env.decimal(NMS_IOU, DEFAULT_NMS_IOU, 0, 1),
                inputSize,
                env.choice(YOLO_FORMAT, YoloFormat.class, YoloFormat.AUTO),
                env.choice(DEVICE, Device.class, Device.AUTO),
                env.choice(CPU_RUNTIME, CpuRuntime.class, CpuRuntime.ONNXRUNTIME),
                env.choice(PRECISION, Precision.class, Precision.FP16),
                env.path(ENGINE_CACHE).orElse(DEFAULT_ENGINE_CACHE),
                new Tiling(env.choice(TILING, TilingMode.class, TilingMode.AUTO),
                        env.integer(TILE_SIZE, inputSize, 32, 16384),
                        env.decimal(TILE_OVERLAP, DEFAULT_TILE_OVERLAP, 0, 0.5)),
                env.integer(BATCH_SIZE, DEFAULT_BATCH_SIZE, 1, MAX_BATCH_SIZE),
                batchWait(env),
                env.optional(YUNET_SCALES).map(InferenceConfig::parseScales).orElse(DEFAULT_YUNET_SCALES),
                env.integer(CPU_THREADS, 0, 0, MAX_CPU_THREADS));
    }

    /** {@code 1,0.5} as the list [1.0, 0.5]. */
    public static List<Double> parseScales(String raw) {
        List<Double> scales = new java.util.ArrayList<>();
        for (String part : raw.split(",")) {
            try {
                scales.add(Double.parseDouble(part.strip()));
            } catch (NumberFormatException e) {
                throw new ConfigException(YUNET_SCALES + "=" + raw + " is not a list of numbers such as 1,0.5");
            }
        }
        return scales;
    }

    private static Optional<Duration> batchWait(Env env) {
        Optional<String> raw = env.optional(BATCH_WAIT);
        if (raw.isEmpty() || raw.get().trim().toLowerCase(Locale.ROOT).equals("auto")) {
            return Optional.empty();
        }
        Duration wait = Env.parseDuration(BATCH_WAIT, raw.get());
        if (wait.compareTo(MAX_BATCH_WAIT) > 0) {
            throw new ConfigException(BATCH_WAIT + "=" + raw.get() + " is longer than 1s: every frame of a batch would"
                    + " wait that long");
        }
        return Optional.of(wait);
    }

    /** The wait in force for a detector on the GPU or not. */
    public Duration batchWaitFor(boolean onGpu) {
        return batchWait.orElse(onGpu ? GPU_BATCH_WAIT : Duration.ZERO);
    }
}
