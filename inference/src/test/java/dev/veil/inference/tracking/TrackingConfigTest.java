package dev.veil.inference.tracking;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.veil.config.ConfigException;
import dev.veil.config.Env;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TrackingConfigTest {

    @Test
    void readOnceWithDefaultsAndBounds() {
        assertEquals(new TrackingConfig(1, TrackingConfig.DEFAULT_HOLD_FRAMES), TrackingConfig.fromEnv(Env.of(Map.of())));
        assertEquals(new TrackingConfig(3, 0), TrackingConfig.fromEnv(Env.of(Map.of("VEIL_DETECT_EVERY", "3",
                "VEIL_HOLD_FRAMES", "0"))));
        ConfigException e = assertThrows(ConfigException.class,
                () -> TrackingConfig.fromEnv(Env.of(Map.of("VEIL_DETECT_EVERY", "0"))));
        assertEquals(true, e.getMessage().startsWith("VEIL_DETECT_EVERY"), e.getMessage());
        e = assertThrows(ConfigException.class, () -> TrackingConfig.fromEnv(Env.of(Map.of("VEIL_HOLD_FRAMES", "61"))));
        assertEquals(true, e.getMessage().startsWith("VEIL_HOLD_FRAMES"), e.getMessage());
        assertEquals(false, TrackingConfig.defaults().carries());
        assertEquals(true, new TrackingConfig(2, 0).carries());
    }
}
