package dev.veil.inference;

import dev.veil.config.ConfigException;
import dev.veil.inference.gpu.EngineCache;
import dev.veil.inference.gpu.GpuProbe;
import dev.veil.inference.gpu.TensorRtEngine;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens the detector a configuration names: a builtin model, or a model file picked by its extension; a YOLO
 * file on TensorRT when there is a GPU to run it (and {@code VEIL_DEVICE} allows), else on the CPU runtime.
 */
public final class FaceDetectors {

    /** Classpath folder where the build puts the bundled models. */
    static final String MODELS_RESOURCE_DIR = "/dev/veil/inference/models/";

    private static final Logger log = LoggerFactory.getLogger(FaceDetectors.class);

    private FaceDetectors() {
    }

    /**
     * {@code *.onnx} opens {@link YoloFaceDetector} (on the GPU or the CPU, see {@link Device}), {@code *.tflite}
     * {@link BlazeFaceDetector} on the whole frame (short or full range recognized from the model), a
     * {@link BuiltinModel} name its bundled model. The confidence applies to all.
     *
     * @throws ConfigException naming the variable when the name is unknown, the file is missing or is not a model of
     *                         the kind its extension says, or {@code VEIL_DEVICE=cuda} cannot be had
     */
    public static FaceDetector open(InferenceConfig config) {
        return open(config, GpuProbe.probe());
    }

    /** As {@link #open(InferenceConfig)}, with what is known of the machine's GPU. */
    static FaceDetector open(InferenceConfig config, GpuProbe gpu) {
        var builtin = BuiltinModel.byName(config.model());
        String lower = config.model().toLowerCase(Locale.ROOT);
        boolean onnx = lower.endsWith(".onnx");
        if (config.device() == Device.CUDA && !onnx) {
            throw new ConfigException(InferenceConfig.DEVICE + "=cuda runs YOLO .onnx models only; "
                    + InferenceConfig.MODEL + "=" + config.model() + " runs on the CPU (set " + InferenceConfig.DEVICE
                    + "=auto or cpu)");
        }
        if (builtin.isPresent()) {
            return open(builtin.get(), config);
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
            if (onnx) {
                return openYolo(path, config, gpu);
            }
            return BlazeFaceDetector.open(path, config.confidence(), false);
        } catch (ConfigException e) {
            throw e;
        } catch (IllegalArgumentException e) {
            throw new ConfigException(InferenceConfig.MODEL + "=" + config.model() + " cannot be used: " + e.getMessage());
        }
    }

    private static FaceDetector openYolo(Path path, InferenceConfig config, GpuProbe gpu) {
        String name = path.getFileName().toString();
        boolean tryGpu = switch (config.device()) {
            case CPU -> false;
            case AUTO -> gpu.present();
            case CUDA -> {
                if (!gpu.present()) {
                    throw new ConfigException(InferenceConfig.DEVICE + "=cuda but this container has no usable GPU: "
                            + gpu.missing());
                }
                yield true;
            }
        };
        if (tryGpu) {
            try {
                YoloEngine engine = TensorRtEngine.open(path, config.inputSize(), config.batchSize(), config.precision(),
                        new EngineCache(config.engineCache()));
                return new YoloFaceDetector(engine, name, config.yoloFormat(), config.confidence(), config.nmsIou(),
                        config.tiling());
            } catch (RuntimeException | LinkageError e) {
                // A LinkageError is a native library that did not load: TensorRT or CUDA is missing from the image.
                String reason = FailureReason.of(e);
                if (config.device() == Device.CUDA) {
                    throw new ConfigException(InferenceConfig.DEVICE + "=cuda but TensorRT could not start on the GPU: "
                            + reason);
                }
                log.atWarn().addKeyValue("model", name).addKeyValue("reason", reason)
                        .log("a GPU is present but TensorRT could not start; detecting on the CPU");
            }
        } else if (config.device() == Device.AUTO) {
            log.atInfo().addKeyValue("model", name).addKeyValue("why", gpu.missing()).log("no GPU, detecting on the CPU");
        }
        YoloEngine engine = switch (config.cpuRuntime()) {
            case ONNXRUNTIME -> new OnnxRuntimeEngine(path, config.inputSize(), config.batchSize(), config.threads());
            case OPENCV -> new OpenCvYoloEngine(path, config.inputSize(), config.batchSize());
        };
        return new YoloFaceDetector(engine, name, config.yoloFormat(), config.confidence(), config.nmsIou(),
                config.tiling());
    }

    private static FaceDetector open(BuiltinModel model, InferenceConfig config) {
        return switch (model) {
            case YUNET -> YuNetDetector.bundled(config.cpuRuntime(), config.confidence(),
                    config.yunetScales().stream().map(f -> new InputScale(f, InputScale.DEFAULT_MAX_PIXELS)).toList(),
                    config.threads());
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
