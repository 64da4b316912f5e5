package dev.veil.inference;

import dev.veil.inference.detect.FaceDetector;
import dev.veil.inference.detect.Tiling;
import dev.veil.inference.gpu.Precision;
import dev.veil.inference.network.CpuRuntime;
import dev.veil.inference.yolo.YoloFormat;
import java.nio.file.Path;
import java.util.Optional;

/** Opens the shared YOLO model on the GPU or the CPU for tests outside this package, tiling off. */
public final class FaceDetectorsAccess {

    private FaceDetectorsAccess() {
    }

    /** The default YuNet at its own threshold, on a GPU runtime (TensorRT first) or on OpenCV's CPU backend. */
    public static FaceDetector yunet(boolean gpu, Path engineCache) {
        return FaceDetectors.open(new InferenceConfig(BuiltinModel.YUNET.modelName(), BuiltinModel.YUNET.defaultConfidence(),
                InferenceConfig.DEFAULT_NMS_IOU, 640, YoloFormat.AUTO, gpu ? Device.CUDA : Device.CPU, CpuRuntime.OPENCV,
                Precision.FP16, engineCache, Tiling.off(), 4, Optional.empty(), InferenceConfig.DEFAULT_YUNET_SCALES, 0));
    }

    public static FaceDetector yolo(Path model, boolean gpu, Path engineCache) {
        return FaceDetectors.open(new InferenceConfig(model.toString(), 0.5, InferenceConfig.DEFAULT_NMS_IOU, 640,
                YoloFormat.AUTO, gpu ? Device.CUDA : Device.CPU, CpuRuntime.ONNXRUNTIME, Precision.FP16, engineCache,
                Tiling.off(), 4, Optional.empty(), InferenceConfig.DEFAULT_YUNET_SCALES, 0));
    }
}
