package dev.veil.display;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.veil.config.ConfigException;
import dev.veil.config.Env;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DisplayConfigTest {

    @Test
    void defaults() {
        DisplayConfig config = DisplayConfig.fromEnv(Env.of(Map.of()));
        assertEquals(new DisplayConfig("0.0.0.0", 8080, Optional.empty(), 16 * 1024 * 1024), config);
    }

    @Test
    void everyVariableIsRead() {
        DisplayConfig config = DisplayConfig.fromEnv(Env.of(Map.of("VEIL_DISPLAY_PORT", "0",
                "VEIL_DISPLAY_BIND", "127.0.0.1", "VEIL_INGEST_TOKEN", " t0ken ", "VEIL_MAX_FRAME_BYTES", "65536")));
        assertEquals(new DisplayConfig("127.0.0.1", 0, Optional.of("t0ken"), 65_536), config);
    }

    @Test
    void badValuesNameTheVariable() {
        ConfigException port = assertThrows(ConfigException.class,
                () -> DisplayConfig.fromEnv(Env.of(Map.of("VEIL_DISPLAY_PORT", "70000"))));
        assertEquals("VEIL_DISPLAY_PORT=70000 is out of range 0..65535", port.getMessage());
        ConfigException size = assertThrows(ConfigException.class,
                () -> DisplayConfig.fromEnv(Env.of(Map.of("VEIL_MAX_FRAME_BYTES", "big"))));
        assertTrue(size.getMessage().startsWith("VEIL_MAX_FRAME_BYTES=big"), size.getMessage());
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
