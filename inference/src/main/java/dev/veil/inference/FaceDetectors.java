package dev.veil.inference;

import dev.veil.config.ConfigException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/** Opens the detector a configuration names: a builtin model, or a model file picked by its extension. */
public final class FaceDetectors {

    /** Classpath folder where the build puts the bundled models. */
    static final String MODELS_RESOURCE_DIR = "/dev/veil/inference/models/";

    private FaceDetectors() {
    }

    /**
     * {@code *.onnx} opens {@link YoloFaceDetector} (with the config's input size and NMS overlap),
     * {@code *.tflite} {@link BlazeFaceDetector} on the whole frame (short or full range recognized from the
     * model), a {@link BuiltinModel} name its bundled model. The confidence applies to all.
     *
     * @throws ConfigException naming {@code VEIL_MODEL} when the name is unknown, the file is missing, or the
     *                         file is not a model of the kind its extension says
     */
    public static FaceDetector open(InferenceConfig config) {
        var builtin = BuiltinModel.byName(config.model());
        if (builtin.isPresent()) {
            return open(builtin.get(), config);
        }
        String lower = config.model().toLowerCase(Locale.ROOT);
        boolean onnx = lower.endsWith(".onnx");
        boolean tflite = lower.endsWith(".tflite");
        if (!onnx && !tflite) {
            throw new ConfigException(InferenceConfig.MODEL + "=" + config.model() + " is not a model: give one of "
                    + BuiltinModel.names() + ", or the path of a .onnx (YOLOv5-face) or .tflite (BlazeFace) file");
        }
        Path path = Path.of(config.model());
        if (!Files.isRegularFile(path) || !Files.isReadable(path)) {
            throw new ConfigException(InferenceConfig.MODEL + "=" + config.model() + ": no such readable file (give "
                    + "one of " + BuiltinModel.names() + ", or the path of a .onnx or .tflite file)");
        }
        try {
            if (onnx) {
                return new YoloFaceDetector(path, config.inputSize(), config.confidence(), config.nmsIou());
            }
            return BlazeFaceDetector.open(path, config.confidence(), false);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(InferenceConfig.MODEL + "=" + config.model() + " cannot be used: " + e.getMessage());
        }
    }

    private static FaceDetector open(BuiltinModel model, InferenceConfig config) {
        return switch (model) {
            case BLAZEFACE_FULL_TILED -> BlazeFaceDetector.bundled(BlazeFaceDetector.Range.FULL, config.confidence(), true);
            case BLAZEFACE_FULL -> BlazeFaceDetector.bundled(BlazeFaceDetector.Range.FULL, config.confidence(), false);
            case BLAZEFACE_SHORT -> BlazeFaceDetector.bundled(BlazeFaceDetector.Range.SHORT, config.confidence(), false);
            case HAAR -> new HaarFaceDetector(config.confidence());
        };
    }
}
