package dev.veil.inference;

import dev.veil.config.ConfigException;
import dev.veil.inference.blazeface.BlazeFaceDetector;
import dev.veil.inference.detect.FaceDetector;
import dev.veil.inference.gpu.EngineCache;
import dev.veil.inference.gpu.GpuEnvironment;
import dev.veil.inference.gpu.TensorRtEngine;
import dev.veil.inference.haar.HaarFaceDetector;
import dev.veil.inference.network.OnnxRuntimeEngine;
import dev.veil.inference.network.YoloEngine;
import dev.veil.inference.opencv.DnnTarget;
import dev.veil.inference.opencv.OpenCvCuda;
import dev.veil.inference.opencv.OpenCvYoloEngine;
import dev.veil.inference.yolo.YoloFaceDetector;
import dev.veil.inference.yunet.InputScale;
import dev.veil.inference.yunet.YuNetDetector;
import dev.veil.stage.Placement;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens the detector a configuration names: a builtin model, or a model file picked by its extension. The ONNX
 * detectors (the builtin YuNet, YOLO files) run on the best runtime {@code VEIL_DEVICE} allows here
 * ({@link RuntimeChoice}): TensorRT, OpenCV's CUDA backend, or the CPU runtime {@code VEIL_CPU_RUNTIME} names.
 */
public final class FaceDetectors {

    private static final Logger log = LoggerFactory.getLogger(FaceDetectors.class);

    private FaceDetectors() {
    }

    /**
     * {@code *.onnx} opens {@link YoloFaceDetector}, {@code *.tflite} {@link BlazeFaceDetector} on the whole frame
     * (short or full range recognized from the model), a {@link BuiltinModel} name its bundled model. The confidence
     * applies to all.
     *
     * @throws ConfigException naming the variable when the name is unknown, the file is missing or is not a model of
     *                         the kind its extension says, or {@code VEIL_DEVICE=cuda} cannot be had
     */
    public static FaceDetector open(InferenceConfig config) {
        return open(config, GpuEnvironment.here());
    }

    /** As {@link #open(InferenceConfig)}, with what is known of the machine's GPU. */
    public static FaceDetector open(InferenceConfig config, GpuEnvironment gpu) {
        var builtin = BuiltinModel.byName(config.model());
        String lower = config.model().toLowerCase(Locale.ROOT);
        boolean onnx = lower.endsWith(".onnx");
        boolean onnxBuiltin = builtin.isPresent() && builtin.get() == BuiltinModel.YUNET;
        if (config.device() == Device.CUDA && !onnx && !onnxBuiltin) {
            throw new ConfigException(InferenceConfig.DEVICE + "=cuda runs ONNX models only (" + BuiltinModel.YUNET
                    .modelName() + " or a YOLO .onnx file); " + InferenceConfig.MODEL + "=" + config.model()
                    + " runs on the CPU (set " + InferenceConfig.DEVICE + "=auto or cpu)");
        }
        if (builtin.isPresent()) {
            FaceDetector detector = open(builtin.get(), config, gpu);
            log.atInfo().addKeyValue("model", config.model()).addKeyValue("placement", detector.placement().label())
                    .log("faces are detected here");
            return detector;
        }
        boolean tflite = lower.endsWith(".tflite");
        if (!onnx && !tflite) {
            throw new ConfigException(InferenceConfig.MODEL + "=" + config.model() + " is not a model: give one of "
                    + BuiltinModel.names() + ", or the path of a .onnx (YOLO face) or .tflite (BlazeFace) file");
        }
        Path path = Path.of(config.model());
        if (!Files.isRegularFile(path) || !Files.isReadable(path)) {
            throw new ConfigException(InferenceConfig.MODEL + "=" + config.model() + ": no such readable file (give "
                    + "one of " + BuiltinModel.names() + ", or the path of a .onnx or .tflite file)");
        }
        try {
            FaceDetector detector = onnx ? openYolo(path, config, gpu)
                    : BlazeFaceDetector.open(path, config.confidence(), false);
            log.atInfo().addKeyValue("model", path.getFileName()).addKeyValue("placement", detector.placement().label())
                    .log("faces are detected here");
            return detector;
        } catch (ConfigException e) {
            throw e;
        } catch (IllegalArgumentException e) {
            throw new ConfigException(InferenceConfig.MODEL + "=" + config.model() + " cannot be used: " + e.getMessage());
        }
    }

    private static FaceDetector openYolo(Path path, InferenceConfig config, GpuEnvironment gpu) {
        String name = path.getFileName().toString();
        return RuntimeChoice.open(config.device(), gpu, name, runtime -> {
            YoloEngine engine = switch (runtime) {
                case TENSORRT -> TensorRtEngine.open(path, config.inputSize(), config.batchSize(), config.precision(),
                        new EngineCache(config.engineCache()));
                case OPENCV_CUDA -> {
                    DnnTarget target = cudaTarget(config);
                    yield new OpenCvYoloEngine(path, config.inputSize(), config.batchSize(), target,
                            Placement.cuda(OpenCvCuda.device().name(), target.runtime()));
                }
                case CPU -> switch (config.cpuRuntime()) {
                    case ONNXRUNTIME -> new OnnxRuntimeEngine(path, config.inputSize(), config.batchSize(), config.threads());
                    case OPENCV -> new OpenCvYoloEngine(path, config.inputSize(), config.batchSize());
                };
            };
            return new YoloFaceDetector(engine, name, config.yoloFormat(), config.confidence(), config.nmsIou(),
                    config.tiling());
        }).opened();
    }

    /**
     * OpenCV DNN's CUDA target for {@code VEIL_PRECISION} on this GPU, when the natives loaded can run it.
     *
     * @throws IllegalStateException when OpenCV's CUDA backend cannot run here, saying why
     */
    static DnnTarget cudaTarget(InferenceConfig config) {
        Optional<String> noCuda = OpenCvCuda.unavailable(DnnTarget.CUDA);
        if (noCuda.isPresent()) {
            throw new IllegalStateException(noCuda.get());
        }
        OpenCvCuda.Device device = OpenCvCuda.device();
        DnnTarget target = DnnTarget.cuda(config.precision(), device.major(), device.minor());
        OpenCvCuda.unavailable(target).ifPresent(why -> {
            throw new IllegalStateException(why);
        });
        return target;
    }

    private static FaceDetector open(BuiltinModel model, InferenceConfig config, GpuEnvironment gpu) {
        return switch (model) {
            case YUNET -> {
                List<InputScale> scales = config.yunetScales().stream()
                        .map(f -> new InputScale(f, InputScale.DEFAULT_MAX_PIXELS)).toList();
                yield RuntimeChoice.open(config.device(), gpu, model.modelName(), runtime -> switch (runtime) {
                    case TENSORRT -> YuNetDetector.onTensorRt(config.confidence(), scales, config.precision(),
                            new EngineCache(config.engineCache()));
                    case OPENCV_CUDA -> {
                        DnnTarget target = cudaTarget(config);
                        yield YuNetDetector.onOpenCv(target, Placement.cuda(OpenCvCuda.device().name(),
                                target.runtime()), config.confidence(), scales);
                    }
                    case CPU -> YuNetDetector.bundled(config.cpuRuntime(), config.confidence(), scales, config.threads());
                }).opened();
            }
            case BLAZEFACE_FULL_TILED -> BlazeFaceDetector.bundled(BlazeFaceDetector.Range.FULL, config.confidence(), true);
            case BLAZEFACE_FULL -> BlazeFaceDetector.bundled(BlazeFaceDetector.Range.FULL, config.confidence(), false);
            case BLAZEFACE_SHORT -> BlazeFaceDetector.bundled(BlazeFaceDetector.Range.SHORT, config.confidence(), false);
            case HAAR -> haar(() -> new HaarFaceDetector(config.confidence()));
        };
    }

    /** Opens the Haar detector, turning natives that cannot load into one configuration error line. */
    static FaceDetector haar(java.util.function.Supplier<FaceDetector> open) {
        try {
            return open.get();
        } catch (LinkageError e) {
            // Bytedeco's objdetect natives link OpenCV's highgui, which needs GTK 2: the vertex images carry no GTK
            // (seen on a GPU machine without it). One line naming the variable, not a stack trace.
            throw new ConfigException(InferenceConfig.MODEL + "=haar needs OpenCV's objdetect natives, which cannot"
                    + " load here (" + e.getMessage() + "); use " + BuiltinModel.DEFAULT.modelName()
                    + " or another model");
        }
    }
}
