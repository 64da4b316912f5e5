package dev.veil.inference;

import dev.veil.config.ConfigException;
import dev.veil.config.Env;

/**
 * How the inference vertex detects faces, read once at start-up.
 *
 * @param model      a builtin model name ({@link BuiltinModel}) or the path of a {@code .onnx} (YOLOv5-face) or
 *                   {@code .tflite} (BlazeFace) file ({@code VEIL_MODEL})
 * @param confidence lowest score a face is reported with, 0..1 ({@code VEIL_CONFIDENCE})
 * @param nmsIou     overlap (intersection over union) above which two YOLO boxes are the same face, 0..1
 *                   ({@code VEIL_NMS_IOU}); BlazeFace keeps MediaPipe's {@value BlazeFaceDetector#NMS_IOU}
 *                   and Haar groups its own windows
 * @param inputSize  side of the square a YOLO model sees, a multiple of 32 ({@code VEIL_MODEL_INPUT_SIZE});
 *                   BlazeFace and Haar have their own fixed sizes and ignore it
 */
public record InferenceConfig(String model, double confidence, double nmsIou, int inputSize) {

    public static final String MODEL = "VEIL_MODEL";
    public static final String CONFIDENCE = "VEIL_CONFIDENCE";
    public static final String NMS_IOU = "VEIL_NMS_IOU";
    public static final String INPUT_SIZE = "VEIL_MODEL_INPUT_SIZE";

    public static final double DEFAULT_CONFIDENCE = 0.5;
    public static final double DEFAULT_NMS_IOU = 0.45;
    public static final int DEFAULT_INPUT_SIZE = 640;
    private static final int MAX_INPUT_SIZE = 2048;

    public InferenceConfig {
        if (model == null || model.isBlank()) {
            throw new ConfigException(MODEL + " is empty: it must be one of " + BuiltinModel.names()
                    + " or the path of a .onnx (YOLOv5-face) or .tflite (BlazeFace) file");
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
    }

    /** The builtin default model, confidence 0.5, NMS overlap 0.45, YOLO input 640. */
    public static InferenceConfig defaults() {
        return new InferenceConfig(BuiltinModel.DEFAULT.modelName(), DEFAULT_CONFIDENCE, DEFAULT_NMS_IOU,
                DEFAULT_INPUT_SIZE);
    }

    public static InferenceConfig fromEnv(Env env) {
        return new InferenceConfig(
                env.string(MODEL, BuiltinModel.DEFAULT.modelName()),
                env.decimal(CONFIDENCE, DEFAULT_CONFIDENCE, 0, 1),
                env.decimal(NMS_IOU, DEFAULT_NMS_IOU, 0, 1),
                env.integer(INPUT_SIZE, DEFAULT_INPUT_SIZE, 32, MAX_INPUT_SIZE));
    }
}
