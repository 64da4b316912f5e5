package dev.veil.resize;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.veil.config.ConfigException;
import dev.veil.config.Env;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ResizeConfigTest {

    @Test
    void theBoxIsThePipelinesDisplayBox() {
        assertEquals(new ResizeConfig(1280, 720, 90, false), ResizeConfig.fromEnv(Env.of(Map.of())));
        assertEquals(ResizeConfig.defaults(), ResizeConfig.fromEnv(Env.of(Map.of())));
        assertEquals(new ResizeConfig(640, 360, 75, true), ResizeConfig.fromEnv(Env.of(Map.of(
                "VEIL_DISPLAY_SIZE", "640x360", "VEIL_JPEG_QUALITY", "75", "VEIL_UPSCALE", "true"))));
    }

    @Test
    void aBoxOutOfRangeIsRefusedWhereverItIsMade() {
        assertEquals("VEIL_DISPLAY_SIZE=8x720 is out of range: each side 16..8192",
                assertThrows(ConfigException.class, () -> new ResizeConfig(8, 720, 90, false)).getMessage());
        assertEquals("VEIL_JPEG_QUALITY=0 is out of range 1..100",
                assertThrows(ConfigException.class, () -> new ResizeConfig(640, 360, 0, false)).getMessage());
        assertEquals(Optional.of("VEIL_DISPLAY_SIZE=wide is not a size such as 1280x720"),
                ResizeConfig.SETTINGS.refusal(Map.of("VEIL_DISPLAY_SIZE", "wide")));
    }
}
