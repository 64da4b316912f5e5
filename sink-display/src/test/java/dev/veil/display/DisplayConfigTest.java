package dev.veil.display;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.veil.config.ConfigException;
import dev.veil.config.Env;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DisplayConfigTest {

    @Test
    void defaults() {
        DisplayConfig config = DisplayConfig.fromEnv(Env.of(Map.of()));
        assertEquals(new DisplayConfig("0.0.0.0", 8080, Optional.empty(), 16 * 1024 * 1024, 8, Duration.ofMillis(100),
                ViewAccess.open()), config);
    }

    @Test
    void everyVariableIsRead() {
        DisplayConfig config = DisplayConfig.fromEnv(Env.of(Map.of("VEIL_DISPLAY_PORT", "0",
                "VEIL_DISPLAY_BIND", "127.0.0.1", "VEIL_INGEST_TOKEN", " t0ken ", "VEIL_MAX_FRAME_BYTES", "65536",
                "VEIL_REORDER_FRAMES", "3", "VEIL_REORDER_WAIT", "250ms", "VEIL_VIEW_AUTH", "basic",
                "VEIL_VIEW_USER", "ops", "VEIL_VIEW_PASSWORD", "pw")));
        assertEquals(new DisplayConfig("127.0.0.1", 0, Optional.of("t0ken"), 65_536, 3, Duration.ofMillis(250),
                ViewAccess.withPassword("ops", "pw")), config);
    }

    @Test
    void badValuesNameTheVariable() {
        ConfigException port = assertThrows(ConfigException.class,
                () -> DisplayConfig.fromEnv(Env.of(Map.of("VEIL_DISPLAY_PORT", "70000"))));
        assertEquals("VEIL_DISPLAY_PORT=70000 is out of range 0..65535", port.getMessage());
        ConfigException size = assertThrows(ConfigException.class,
                () -> DisplayConfig.fromEnv(Env.of(Map.of("VEIL_MAX_FRAME_BYTES", "big"))));
        assertTrue(size.getMessage().startsWith("VEIL_MAX_FRAME_BYTES=big"), size.getMessage());
        assertEquals("VEIL_REORDER_FRAMES=1000 is out of range 0..256", assertThrows(ConfigException.class,
                () -> DisplayConfig.fromEnv(Env.of(Map.of("VEIL_REORDER_FRAMES", "1000")))).getMessage());
        assertEquals("VEIL_REORDER_WAIT=5000ms is out of range 0ms..2000ms", assertThrows(ConfigException.class,
                () -> DisplayConfig.fromEnv(Env.of(Map.of("VEIL_REORDER_WAIT", "5s")))).getMessage());
    }

    @Test
    void theConstructorValidatesToo() {
        assertThrows(ConfigException.class, () -> new DisplayConfig(" ", 0, Optional.empty(), 4096));
        assertThrows(ConfigException.class, () -> new DisplayConfig("127.0.0.1", -1, Optional.empty(), 4096));
        assertThrows(ConfigException.class, () -> new DisplayConfig("127.0.0.1", 0, Optional.of(""), 4096));
        assertThrows(ConfigException.class, () -> new DisplayConfig("127.0.0.1", 0, Optional.empty(), 10));
    }

    @Test
    void theTokenNeverAppearsInTheStringForm() {
        String text = new DisplayConfig("127.0.0.1", 0, Optional.of("very-secret"), 4096).toString();
        assertFalse(text.contains("very-secret"), text);
        assertTrue(text.contains("ingestToken=(set)"), text);
    }
}
