package dev.veil.inference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.veil.config.ConfigException;
import dev.veil.config.Env;
import dev.veil.inference.detect.Tiling;
import dev.veil.inference.detect.TilingMode;
import dev.veil.inference.gpu.Precision;
import dev.veil.inference.network.CpuRuntime;
import dev.veil.inference.tracking.TrackingConfig;
import dev.veil.inference.yolo.YoloFormat;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class InferenceConfigTest {

    @Test
    void defaultsAreTheBuiltinDefaultModelAndDocumentedThresholds() {
        InferenceConfig config = InferenceConfig.fromEnv(Env.of(Map.of()));

        assertEquals(new InferenceConfig(BuiltinModel.DEFAULT.modelName(), 0.3, 0.45, 640), config);
        assertEquals(config, InferenceConfig.defaults());
    }

    @Test
    void readsEveryVariable() {
        InferenceConfig config = InferenceConfig.fromEnv(Env.of(Map.of(
                "VEIL_MODEL", " /models/face.onnx ",
                "VEIL_CONFIDENCE", "0.35",
                "VEIL_NMS_IOU", "0.6",
                "VEIL_MODEL_INPUT_SIZE", "320")));

        assertEquals(new InferenceConfig("/models/face.onnx", 0.35, 0.6, 320), config);
    }

    @Test
    void eachModelHasItsOwnDefaultThresholdAndScalesAreRead() {
        assertEquals(0.5, InferenceConfig.fromEnv(Env.of(Map.of("VEIL_MODEL", "blazeface-full"))).confidence());
        assertEquals(0.5, InferenceConfig.fromEnv(Env.of(Map.of("VEIL_MODEL", "/models/face.onnx"))).confidence());
        assertEquals(0.3, InferenceConfig.fromEnv(Env.of(Map.of("VEIL_MODEL", "YuNet"))).confidence());
        assertEquals(List.of(1.0, 0.5, 0.35), InferenceConfig.defaults().yunetScales());
        assertEquals(List.of(1.5, 0.75, 0.4), InferenceConfig.fromEnv(Env.of(Map.of("VEIL_YUNET_SCALES",
                "1.5, 0.75,0.4"))).yunetScales());
        ConfigException e = assertThrows(ConfigException.class,
                () -> InferenceConfig.fromEnv(Env.of(Map.of("VEIL_YUNET_SCALES", "1,big"))));
        assertEquals("VEIL_YUNET_SCALES=1,big is not a list of numbers such as 1,0.5", e.getMessage());
        e = assertThrows(ConfigException.class, () -> InferenceConfig.fromEnv(Env.of(Map.of("VEIL_YUNET_SCALES", "3"))));
        assertEquals("VEIL_YUNET_SCALES=3 has scale 3, out of range 0.1..2", e.getMessage());
    }

    @Test
    void readsTheDeviceBatchingAndTilingVariables() {
        InferenceConfig config = InferenceConfig.fromEnv(Env.of(Map.ofEntries(
                Map.entry("VEIL_MODEL", "/models/face.onnx"),
                Map.entry("VEIL_MODEL_INPUT_SIZE", "320"),
                Map.entry("VEIL_YOLO_FORMAT", "yolov8"),
                Map.entry("VEIL_DEVICE", "cuda"),
                Map.entry("VEIL_CPU_RUNTIME", "opencv"),
                Map.entry("VEIL_PRECISION", "fp32"),
                Map.entry("VEIL_ENGINE_CACHE", "/cache/engines"),
                Map.entry("VEIL_TILING", "on"),
                Map.entry("VEIL_TILE_SIZE", "960"),
                Map.entry("VEIL_TILE_OVERLAP", "0.25"),
                Map.entry("VEIL_BATCH_SIZE", "8"),
                Map.entry("VEIL_BATCH_WAIT", "3ms"))));

        assertEquals(new InferenceConfig("/models/face.onnx", 0.5, 0.45, 320, YoloFormat.YOLOV8, Device.CUDA,
                CpuRuntime.OPENCV, Precision.FP32, Path.of("/cache/engines"), new Tiling(TilingMode.ON, 960, 0.25), 8,
                Optional.of(Duration.ofMillis(3)), InferenceConfig.DEFAULT_YUNET_SCALES, 0), config);
        assertEquals(Duration.ofMillis(3), config.batchWaitFor(true));
    }

    @Test
    void newVariablesDefaultToAutomaticChoices() {
        InferenceConfig config = InferenceConfig.fromEnv(Env.of(Map.of("VEIL_MODEL_INPUT_SIZE", "320")));

        assertEquals(YoloFormat.AUTO, config.yoloFormat());
        assertEquals(Device.AUTO, config.device());
        assertEquals(CpuRuntime.ONNXRUNTIME, config.cpuRuntime());
        assertEquals(Precision.FP16, config.precision());
        assertEquals(Path.of("/tmp/veil-engines"), config.engineCache());
        assertEquals(new Tiling(TilingMode.AUTO, 320, 0.2), config.tiling(), "the tile is the model's input size");
        assertEquals(4, config.batchSize());
        assertEquals(Optional.empty(), config.batchWait());
        assertEquals(Duration.ofMillis(5), config.batchWaitFor(true));
        assertEquals(Duration.ZERO, config.batchWaitFor(false));
        assertEquals(Optional.empty(), InferenceConfig.fromEnv(Env.of(Map.of("VEIL_BATCH_WAIT", "auto"))).batchWait());
    }

    @Test
    void refusesOutOfRangeValuesNamingTheVariable() {
        assertMessageNames("VEIL_DEVICE", Map.of("VEIL_DEVICE", "gpu"));
        assertMessageNames("VEIL_YOLO_FORMAT", Map.of("VEIL_YOLO_FORMAT", "yolov7"));
        assertMessageNames("VEIL_CPU_RUNTIME", Map.of("VEIL_CPU_RUNTIME", "tensorflow"));
        assertMessageNames("VEIL_PRECISION", Map.of("VEIL_PRECISION", "int8"));
        assertMessageNames("VEIL_TILING", Map.of("VEIL_TILING", "yes"));
        assertMessageNames("VEIL_TILE_SIZE", Map.of("VEIL_TILE_SIZE", "16"));
        assertMessageNames("VEIL_TILE_OVERLAP", Map.of("VEIL_TILE_OVERLAP", "0.6"));
        assertMessageNames("VEIL_BATCH_SIZE", Map.of("VEIL_BATCH_SIZE", "0"));
        assertMessageNames("VEIL_BATCH_SIZE", Map.of("VEIL_BATCH_SIZE", "65"));
        assertMessageNames("VEIL_BATCH_WAIT", Map.of("VEIL_BATCH_WAIT", "soon"));
        assertMessageNames("VEIL_BATCH_WAIT", Map.of("VEIL_BATCH_WAIT", "2s"));
        assertMessageNames("VEIL_CONFIDENCE", Map.of("VEIL_CONFIDENCE", "1.5"));
        assertMessageNames("VEIL_CONFIDENCE", Map.of("VEIL_CONFIDENCE", "high"));
        assertMessageNames("VEIL_NMS_IOU", Map.of("VEIL_NMS_IOU", "-0.1"));
        assertMessageNames("VEIL_MODEL_INPUT_SIZE", Map.of("VEIL_MODEL_INPUT_SIZE", "500"));
        assertMessageNames("VEIL_MODEL_INPUT_SIZE", Map.of("VEIL_MODEL_INPUT_SIZE", "0"));
    }

    @Test
    void canonicalConstructorValidatesLikeTheEnvironment() {
        ConfigException e = assertThrows(ConfigException.class, () -> new InferenceConfig("haar", 0.5, 0.45, 650));
        assertTrue(e.getMessage().contains("multiple of 32"), e.getMessage());
        assertThrows(ConfigException.class, () -> new InferenceConfig(" ", 0.5, 0.45, 640));
        assertThrows(ConfigException.class, () -> new InferenceConfig("haar", Double.NaN, 0.45, 640));
        assertEquals("haar", new InferenceConfig(" haar ", 0, 1, 32).model());
    }

    @Test
    void theTrackingIsReadWithTheRestSoABadCadenceIsRefusedByTheSameParse() {
        assertEquals(new TrackingConfig(3, 0, 2), InferenceConfig.fromEnv(Env.of(Map.of("VEIL_DETECT_EVERY", "3",
                "VEIL_HOLD_FRAMES", "0", "VEIL_FULL_SEARCH_EVERY", "2"))).tracking());
        assertEquals(TrackingConfig.defaults(), InferenceConfig.defaults().tracking());
        assertEquals(Optional.of("VEIL_DETECT_EVERY=0 is out of range 1..10"),
                InferenceConfig.SETTINGS.refusal(Map.of("VEIL_DETECT_EVERY", "0")));
        assertEquals(Optional.empty(), InferenceConfig.SETTINGS.refusal(Map.of()));
        assertTrue(InferenceConfig.SETTINGS.names().containsAll(List.of("VEIL_DETECT_EVERY", "VEIL_HOLD_FRAMES",
                "VEIL_FULL_SEARCH_EVERY", "VEIL_MODEL", "VEIL_LOG_LEVEL")));
    }

    @Test
    void theBatchWaitIsAutoOrADurationUpToASecond() {
        assertEquals("auto", InferenceConfig.BATCH_WAIT.defaultText());
        assertEquals("VEIL_BATCH_WAIT=2s is out of range 0ms..1s: every frame of a batch may wait that long",
                assertThrows(ConfigException.class, () -> InferenceConfig.BATCH_WAIT.parse("2s")).getMessage());
        assertEquals("1,0.5,0.35", InferenceConfig.YUNET_SCALES.defaultText());
    }

    private static void assertMessageNames(String variable, Map<String, String> vars) {
        ConfigException e = assertThrows(ConfigException.class, () -> InferenceConfig.fromEnv(Env.of(vars)));
        assertTrue(e.getMessage().contains(variable), e.getMessage());
    }
}
