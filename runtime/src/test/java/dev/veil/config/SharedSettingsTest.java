package dev.veil.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class SharedSettingsTest {

    @Test
    void theLogConfigurationHasTheDeclaredDefaultLevel() throws IOException {
        String logback;
        try (InputStream in = SharedSettings.class.getResourceAsStream("/logback.xml")) {
            logback = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        String expected = "${" + SharedSettings.LOG_LEVEL.name() + ":-" + SharedSettings.LOG_LEVEL.defaultValue() + "}";
        assertTrue(logback.contains(expected), "logback.xml reads " + expected);
    }

    @Test
    void theDisplayBoxIsWidthByHeightWithinItsRange() {
        assertEquals(new DisplayBox(1280, 720), SharedSettings.DISPLAY_SIZE.defaultValue());
        assertEquals(new DisplayBox(640, 360), SharedSettings.DISPLAY_SIZE.parse(" 640X360 "));
        assertEquals("VEIL_DISPLAY_SIZE=720p is not a size such as 1280x720",
                refusal(() -> SharedSettings.DISPLAY_SIZE.parse("720p")));
        assertEquals("VEIL_DISPLAY_SIZE=8x8 is out of range: each side 16..8192",
                refusal(() -> SharedSettings.DISPLAY_SIZE.parse("8x8")));
        assertEquals("--size 9000x720 is out of range: each side 16..8192",
                refusal(() -> SharedSettings.DISPLAY_SIZE.parseFlag("--size", "9000x720")));
        assertEquals("VEIL_DISPLAY_SIZE=16x8193 is out of range: each side 16..8192",
                refusal(() -> SharedSettings.DISPLAY_SIZE.check(new DisplayBox(16, 8193))));
    }

    private static String refusal(org.junit.jupiter.api.function.Executable read) {
        return org.junit.jupiter.api.Assertions.assertThrows(ConfigException.class, read).getMessage();
    }
}
