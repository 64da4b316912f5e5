package dev.veil.inference;

import dev.veil.inference.detect.Tiling;
import dev.veil.inference.detect.TilingMode;
import dev.veil.inference.gpu.Precision;
import dev.veil.inference.network.CpuRuntime;
import dev.veil.inference.yolo.YoloFormat;
import java.nio.file.Path;
import java.util.Optional;

/** Inference configurations of a YOLO file for tests: the CPU, a chosen runtime and tiling, defaults otherwise. */
final class YoloConfigs {

    private YoloConfigs() {
    }

    static InferenceConfig cpu(Path model, CpuRuntime runtime, TilingMode tiling) {
        return new InferenceConfig(model.toString(), 0.5, InferenceConfig.DEFAULT_NMS_IOU, 640, YoloFormat.AUTO,
                Device.CPU, runtime, Precision.FP16, InferenceConfig.DEFAULT_ENGINE_CACHE,
                new Tiling(tiling, 640, InferenceConfig.DEFAULT_TILE_OVERLAP), InferenceConfig.DEFAULT_BATCH_SIZE,
                Optional.empty(), InferenceConfig.DEFAULT_YUNET_SCALES, 0);
    }
}
