package dev.veil.inference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.veil.config.ConfigException;
import dev.veil.config.Env;
import java.util.Map;
import org.junit.jupiter.api.Test;

class InferenceConfigTest {

    @Test
    void defaultsAreTheBuiltinDefaultModelAndDocumentedThresholds() {
        InferenceConfig config = InferenceConfig.fromEnv(Env.of(Map.of()));

        assertEquals(new InferenceConfig(BuiltinModel.DEFAULT.modelName(), 0.5, 0.45, 640), config);
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
    void refusesOutOfRangeValuesNamingTheVariable() {
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

    private static void assertMessageNames(String variable, Map<String, String> vars) {
        ConfigException e = assertThrows(ConfigException.class, () -> InferenceConfig.fromEnv(Env.of(vars)));
        assertTrue(e.getMessage().contains(variable), e.getMessage());
    }
}
