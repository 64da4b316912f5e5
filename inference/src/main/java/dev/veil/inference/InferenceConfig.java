package dev.veil.inference;

import dev.veil.config.ConfigException;
import dev.veil.config.Env;
import dev.veil.config.ProgramSettings;
import dev.veil.config.Setting;
import dev.veil.inference.blazeface.BlazeFaceDetector;
import dev.veil.inference.detect.Tiling;
import dev.veil.inference.detect.TilingMode;
import dev.veil.inference.gpu.Precision;
import dev.veil.inference.network.CpuRuntime;
import dev.veil.inference.tracking.TrackingConfig;
import dev.veil.inference.yolo.YoloFormat;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;

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
 *                   ({@code VEIL_CPU_THREADS}); {@code veil run} gives it every core
 * @param tracking   how a stream's faces are followed between detections ({@code VEIL_DETECT_EVERY},
 *                   {@code VEIL_HOLD_FRAMES}, {@code VEIL_FULL_SEARCH_EVERY}): read with the rest, so that a bad value
 *                   is refused by the same parse
 */
public record InferenceConfig(String model, double confidence, double nmsIou, int inputSize, YoloFormat yoloFormat,
                              Device device, CpuRuntime cpuRuntime, Precision precision, Path engineCache,
                              Tiling tiling, int batchSize, Optional<Duration> batchWait, List<Double> yunetScales,
                              int cpuThreads, TrackingConfig tracking) {

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
    private static final double MIN_YUNET_SCALE = 0.1;
    private static final double MAX_YUNET_SCALE = 2.0;
    private static final int MAX_INPUT_SIZE = 2048;
    private static final int MAX_BATCH_SIZE = 64;
    private static final Duration MAX_BATCH_WAIT = Duration.ofSeconds(1);
    private static final String AUTO = "auto";

    public static final Setting<String> MODEL = Setting.text("VEIL_MODEL",
            "a builtin model name, or the path of a YOLO face .onnx or BlazeFace .tflite file")
            .byDefault(BuiltinModel.DEFAULT.modelName());
    public static final Setting<Double> CONFIDENCE = Setting.decimal("VEIL_CONFIDENCE", 0, 1,
            "lowest score a face is reported with").byDefaultDescribed("the model's");
    public static final Setting<Double> NMS_IOU = Setting.decimal("VEIL_NMS_IOU", 0, 1,
            "overlap above which two YOLO boxes are one face").byDefault(DEFAULT_NMS_IOU);
    public static final Setting<Integer> INPUT_SIZE = Setting.integer("VEIL_MODEL_INPUT_SIZE", 32, MAX_INPUT_SIZE,
                    "YOLO letterbox side, the size the model was exported at")
            .checking(size -> size % 32 == 0 ? Optional.empty() : Optional.of("is not a multiple of 32"))
            .byDefault(DEFAULT_INPUT_SIZE);
    public static final Setting<YoloFormat> YOLO_FORMAT = Setting.choice("VEIL_YOLO_FORMAT", YoloFormat.class,
            "the YOLO output layout, or auto to recognize it").byDefault(YoloFormat.AUTO);
    public static final Setting<Device> DEVICE = Setting.choice("VEIL_DEVICE", Device.class,
            "where a YOLO model runs: TensorRT when there is a GPU (auto), the GPU only, or the CPU")
            .byDefault(Device.AUTO);
    public static final Setting<CpuRuntime> CPU_RUNTIME = Setting.choice("VEIL_CPU_RUNTIME", CpuRuntime.class,
            "what runs YuNet and YOLO on the CPU").byDefault(CpuRuntime.ONNXRUNTIME);
    public static final Setting<Precision> PRECISION = Setting.choice("VEIL_PRECISION", Precision.class,
            "TensorRT's precision").byDefault(Precision.FP16);
    public static final Setting<Path> ENGINE_CACHE = Setting.path("VEIL_ENGINE_CACHE",
            "folder of serialized TensorRT engines").byDefault(DEFAULT_ENGINE_CACHE);
    public static final Setting<TilingMode> TILING = Setting.choice("VEIL_TILING", TilingMode.class,
            "YOLO: also search frames in full-resolution tiles: off, auto (big frames) or on")
            .byDefault(TilingMode.AUTO);
    public static final Setting<Integer> TILE_SIZE = Setting.integer("VEIL_TILE_SIZE", 32, 16384,
            "tile side in frame pixels").byDefaultDescribed("the input size");
    public static final Setting<Double> TILE_OVERLAP = Setting.decimal("VEIL_TILE_OVERLAP", 0, 0.5,
            "share of a tile its neighbour also covers").byDefault(DEFAULT_TILE_OVERLAP);
    public static final Setting<Integer> BATCH_SIZE = Setting.integer("VEIL_BATCH_SIZE", 1, MAX_BATCH_SIZE,
            "most frames detected in one engine call").byDefault(DEFAULT_BATCH_SIZE);
    public static final Setting<Optional<Duration>> BATCH_WAIT = Setting.<Optional<Duration>>of("VEIL_BATCH_WAIT",
                    "how long a batch waits for its frames: auto (5ms on the GPU, none on the CPU) or a duration",
                    raw -> raw.toLowerCase(Locale.ROOT).equals(AUTO) ? Optional.empty()
                            : Optional.of(Setting.durationOf(raw)),
                    wait -> wait.map(d -> d.toMillis() + "ms").orElse(AUTO))
            .checking(wait -> wait.isPresent() && (wait.get().isNegative() || wait.get().compareTo(MAX_BATCH_WAIT) > 0)
                    ? Optional.of("is out of range 0ms..1s: every frame of a batch may wait that long")
                    : Optional.empty())
            .byDefault(Optional.empty());
    public static final Setting<List<Double>> YUNET_SCALES = Setting.<List<Double>>of("VEIL_YUNET_SCALES",
                    "YuNet: the sizes each frame is searched at, as factors of its own, largest first",
                    InferenceConfig::parseScales,
                    scales -> scales.stream().map(Setting::decimalText).collect(Collectors.joining(",")))
            .checking(InferenceConfig::scalesComplaint)
            .byDefault(DEFAULT_YUNET_SCALES);
    public static final Setting<Integer> CPU_THREADS = Setting.integer("VEIL_CPU_THREADS", 0, MAX_CPU_THREADS,
            "threads of ONNX Runtime's CPU provider; 0 for every core").byDefault(0);

    /** Every variable the inference vertex reads, its tracking included. */
    public static final ProgramSettings SETTINGS = new ProgramSettings("inference", Stream.concat(Stream.of(
                    MODEL, CONFIDENCE, YUNET_SCALES, CPU_THREADS, NMS_IOU, INPUT_SIZE, YOLO_FORMAT, DEVICE,
                    CPU_RUNTIME, PRECISION, ENGINE_CACHE, BATCH_SIZE, BATCH_WAIT, TILING, TILE_SIZE, TILE_OVERLAP),
            TrackingConfig.SETTINGS.stream()).toList(), InferenceConfig::fromEnv);

    public InferenceConfig {
        if (model == null || model.isBlank()) {
            throw new ConfigException(MODEL + " is empty: it must be one of " + BuiltinModel.names()
                    + " or the path of a .onnx (YOLO face) or .tflite (BlazeFace) file");
        }
        model = model.trim();
        CONFIDENCE.check(confidence);
        NMS_IOU.check(nmsIou);
        INPUT_SIZE.check(inputSize);
        if (yoloFormat == null || device == null || cpuRuntime == null || precision == null || engineCache == null
                || tiling == null || batchWait == null || yunetScales == null || tracking == null) {
            throw new ConfigException("inference configuration has an unset part");
        }
        TILE_SIZE.check(tiling.tileSize());
        TILE_OVERLAP.check(tiling.overlap());
        BATCH_SIZE.check(batchSize);
        BATCH_WAIT.check(batchWait);
        yunetScales = List.copyOf(YUNET_SCALES.check(yunetScales));
        CPU_THREADS.check(cpuThreads);
    }

    /** Following faces with the default tracking ({@link TrackingConfig#defaults()}). */
    public InferenceConfig(String model, double confidence, double nmsIou, int inputSize, YoloFormat yoloFormat,
                           Device device, CpuRuntime cpuRuntime, Precision precision, Path engineCache, Tiling tiling,
                           int batchSize, Optional<Duration> batchWait, List<Double> yunetScales, int cpuThreads) {
        this(model, confidence, nmsIou, inputSize, yoloFormat, device, cpuRuntime, precision, engineCache, tiling,
                batchSize, batchWait, yunetScales, cpuThreads, TrackingConfig.defaults());
    }

    /** The same configuration with ONNX Runtime on that many threads (0: every core). */
    public InferenceConfig withCpuThreads(int threads) {
        return new InferenceConfig(model, confidence, nmsIou, inputSize, yoloFormat, device, cpuRuntime, precision,
                engineCache, tiling, batchSize, batchWait, yunetScales, threads, tracking);
    }

    /** The threads ONNX Runtime is given: {@code cpuThreads}, or every core of this process when 0. */
    public int threads() {
        return cpuThreads > 0 ? cpuThreads : Runtime.getRuntime().availableProcessors();
    }

    /** The same configuration with another detection threshold. */
    public InferenceConfig withConfidence(double threshold) {
        return new InferenceConfig(model, threshold, nmsIou, inputSize, yoloFormat, device, cpuRuntime, precision,
                engineCache, tiling, batchSize, batchWait, yunetScales, cpuThreads, tracking);
    }

    /** The same configuration with another model. */
    public InferenceConfig withModel(String name) {
        return new InferenceConfig(name, confidence, nmsIou, inputSize, yoloFormat, device, cpuRuntime, precision,
                engineCache, tiling, batchSize, batchWait, yunetScales, cpuThreads, tracking);
    }

    /** The same configuration with other YuNet scales. */
    public InferenceConfig withYunetScales(List<Double> scales) {
        return new InferenceConfig(model, confidence, nmsIou, inputSize, yoloFormat, device, cpuRuntime, precision,
                engineCache, tiling, batchSize, batchWait, scales, cpuThreads, tracking);
    }

    /** The same configuration, following faces over time this way. */
    public InferenceConfig withTracking(TrackingConfig following) {
        return new InferenceConfig(model, confidence, nmsIou, inputSize, yoloFormat, device, cpuRuntime, precision,
                engineCache, tiling, batchSize, batchWait, yunetScales, cpuThreads, following);
    }

    /** A model with the given thresholds and input size, everything else at its default. */
    public InferenceConfig(String model, double confidence, double nmsIou, int inputSize) {
        this(model, confidence, nmsIou, inputSize, YOLO_FORMAT.defaultValue(), DEVICE.defaultValue(),
                CPU_RUNTIME.defaultValue(), PRECISION.defaultValue(), ENGINE_CACHE.defaultValue(),
                new Tiling(TILING.defaultValue(), inputSize, TILE_OVERLAP.defaultValue()), BATCH_SIZE.defaultValue(),
                BATCH_WAIT.defaultValue(), YUNET_SCALES.defaultValue(), CPU_THREADS.defaultValue(),
                TrackingConfig.defaults());
    }

    /** The builtin default model at its own confidence, NMS overlap 0.45, YOLO input 640, the rest at its default. */
    public static InferenceConfig defaults() {
        return new InferenceConfig(BuiltinModel.DEFAULT.modelName(), BuiltinModel.DEFAULT.defaultConfidence(),
                DEFAULT_NMS_IOU, DEFAULT_INPUT_SIZE);
    }

    public static InferenceConfig fromEnv(Env env) {
        int inputSize = INPUT_SIZE.read(env);
        String model = MODEL.read(env);
        return new InferenceConfig(
                model,
                CONFIDENCE.optional(env).orElse(BuiltinModel.defaultConfidenceOf(model)),
                NMS_IOU.read(env),
                inputSize,
                YOLO_FORMAT.read(env),
                DEVICE.read(env),
                CPU_RUNTIME.read(env),
                PRECISION.read(env),
                ENGINE_CACHE.read(env),
                new Tiling(TILING.read(env), TILE_SIZE.optional(env).orElse(inputSize), TILE_OVERLAP.read(env)),
                BATCH_SIZE.read(env),
                BATCH_WAIT.read(env),
                YUNET_SCALES.read(env),
                CPU_THREADS.read(env),
                TrackingConfig.fromEnv(env));
    }

    /** {@code 1,0.5} as the list [1.0, 0.5]; {@link IllegalArgumentException} when a part is not a number. */
    public static List<Double> parseScales(String raw) {
        List<Double> scales = new ArrayList<>();
        for (String part : raw.split(",")) {
            try {
                scales.add(Double.parseDouble(part.strip()));
            } catch (NumberFormatException e) {
                // Named by the setting's reader: VEIL_YUNET_SCALES=... from the environment, --yunet-scales ... as
                // veil run's flag.
                throw new IllegalArgumentException("is not a list of numbers such as 1,0.5");
            }
        }
        return scales;
    }

    private static Optional<String> scalesComplaint(List<Double> scales) {
        if (scales.isEmpty() || scales.size() > MAX_YUNET_SCALES) {
            return Optional.of("must list 1 to " + MAX_YUNET_SCALES + " scales, e.g. 1,0.5");
        }
        for (double scale : scales) {
            if (!(scale >= MIN_YUNET_SCALE && scale <= MAX_YUNET_SCALE)) {
                return Optional.of("has scale " + Setting.decimalText(scale) + ", out of range "
                        + Setting.decimalText(MIN_YUNET_SCALE) + ".." + Setting.decimalText(MAX_YUNET_SCALE));
            }
        }
        return Optional.empty();
    }

    /** The wait in force for a detector on the GPU or not. */
    public Duration batchWaitFor(boolean onGpu) {
        return batchWait.orElse(onGpu ? GPU_BATCH_WAIT : Duration.ZERO);
    }
}
