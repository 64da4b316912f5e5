package dev.veil.display;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.veil.config.ConfigException;
import dev.veil.config.Env;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DisplayConfigTest {

    private static final String TOKEN = "t0ken-0123456789";
    private static final String PASSWORD = "pass-0123456789abc";

    @Test
    void defaults() {
        DisplayConfig config = DisplayConfig.fromEnv(Env.of(Map.of()));
        assertEquals(new DisplayConfig("127.0.0.1", 8080, Optional.empty(), 16 * 1024 * 1024, 8, Duration.ofMillis(100),
                ViewAccess.open(), List.of(), false), config);
        assertEquals(2, config.openParts().size(), "open to this host only, and it says what is open");
    }

    @Test
    void everyVariableIsRead() {
        DisplayConfig config = DisplayConfig.fromEnv(Env.of(Map.ofEntries(Map.entry("VEIL_DISPLAY_PORT", "0"),
                Map.entry("VEIL_DISPLAY_BIND", "0.0.0.0"), Map.entry("VEIL_INGEST_TOKEN", " " + TOKEN + " "),
                Map.entry("VEIL_MAX_FRAME_BYTES", "65536"), Map.entry("VEIL_REORDER_FRAMES", "3"),
                Map.entry("VEIL_REORDER_WAIT", "250ms"), Map.entry("VEIL_VIEW_AUTH", "basic"),
                Map.entry("VEIL_VIEW_USER", "ops"), Map.entry("VEIL_VIEW_PASSWORD", PASSWORD),
                Map.entry("VEIL_DISPLAY_HOSTS", "veil-display, display.example.com"),
                Map.entry("VEIL_DISPLAY_ALLOW_OPEN", "false"))));
        assertEquals(new DisplayConfig("0.0.0.0", 0, Optional.of(TOKEN), 65_536, 3, Duration.ofMillis(250),
                ViewAccess.withPassword("ops", PASSWORD), List.of("veil-display", "display.example.com"), false), config);
        assertEquals(List.of(), config.openParts());
    }

    @Test
    void theNetworkNeedsBothSecretsUnlessOpenedOnPurpose() {
        ConfigException none = assertThrows(ConfigException.class,
                () -> DisplayConfig.fromEnv(Env.of(Map.of("VEIL_DISPLAY_BIND", "0.0.0.0"))));
        assertTrue(none.getMessage().startsWith("the display listens on 0.0.0.0, not only on this host, yet anyone"
                + " may send frames (VEIL_INGEST_TOKEN is not set) and anyone may watch"), none.getMessage());
        assertTrue(none.getMessage().contains("VEIL_DISPLAY_ALLOW_OPEN=true"), none.getMessage());
        ConfigException noViewer = assertThrows(ConfigException.class, () -> DisplayConfig.fromEnv(Env.of(Map.of(
                "VEIL_DISPLAY_BIND", "10.1.2.3", "VEIL_INGEST_TOKEN", TOKEN))));
        assertFalse(noViewer.getMessage().contains("send frames"), noViewer.getMessage());
        assertTrue(noViewer.getMessage().contains("anyone may watch"), noViewer.getMessage());
        assertThrows(ConfigException.class, () -> DisplayConfig.fromEnv(Env.of(Map.of(
                "VEIL_DISPLAY_BIND", "display.example.com", "VEIL_VIEW_TOKEN", TOKEN))), "a name is not loopback");

        DisplayConfig open = DisplayConfig.fromEnv(Env.of(Map.of("VEIL_DISPLAY_BIND", "0.0.0.0",
                "VEIL_DISPLAY_ALLOW_OPEN", "true")));
        assertTrue(open.allowOpen());
        assertEquals(2, open.openParts().size());
        for (String loopback : List.of("127.0.0.1", "127.8.9.10", "localhost", "::1", "[::1]")) {
            assertTrue(DisplayConfig.isLoopback(loopback), loopback);
            assertEquals(loopback, DisplayConfig.fromEnv(Env.of(Map.of("VEIL_DISPLAY_BIND", loopback))).bind());
        }
        for (String network : List.of("0.0.0.0", "::", "10.0.0.1", "veil-display", "127.0.0.1.example.com")) {
            assertFalse(DisplayConfig.isLoopback(network), network);
        }
    }

    @Test
    void secretsShorterThan16BytesAreRefusedWithoutShowingThem() {
        ConfigException ingest = assertThrows(ConfigException.class,
                () -> DisplayConfig.fromEnv(Env.of(Map.of("VEIL_INGEST_TOKEN", "x"))));
        assertEquals("VEIL_INGEST_TOKEN is 1 bytes long: a secret needs at least 16 (e.g. openssl rand -hex 16)",
                ingest.getMessage());
        ConfigException view = assertThrows(ConfigException.class,
                () -> DisplayConfig.fromEnv(Env.of(Map.of("VEIL_VIEW_TOKEN", "fifteen-chars!!"))));
        assertEquals("VEIL_VIEW_TOKEN is 15 bytes long: a secret needs at least 16 (e.g. openssl rand -hex 16)",
                view.getMessage());
        ConfigException password = assertThrows(ConfigException.class,
                () -> DisplayConfig.fromEnv(Env.of(Map.of("VEIL_VIEW_PASSWORD", "hunter2"))));
        assertFalse(password.getMessage().contains("hunter2"), password.getMessage());
        assertTrue(password.getMessage().startsWith("VEIL_VIEW_PASSWORD is 7 bytes long"), password.getMessage());
        assertEquals(16, ViewAccess.withToken("sixteen-chars!!!").token().orElseThrow().length(), "16 is enough");
    }

    @Test
    void hostsAreNamesOnly() {
        for (String bad : List.of("http://veil-display", "veil-display:8080", "a/b", "-x")) {
            ConfigException e = assertThrows(ConfigException.class,
                    () -> DisplayConfig.fromEnv(Env.of(Map.of("VEIL_DISPLAY_HOSTS", bad))), bad);
            assertTrue(e.getMessage().startsWith("VEIL_DISPLAY_HOSTS has \"" + bad + "\""), e.getMessage());
        }
        assertEquals(List.of("*"), DisplayConfig.fromEnv(Env.of(Map.of("VEIL_DISPLAY_HOSTS", "*"))).hosts());
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
        assertEquals("VEIL_REORDER_WAIT=5s is out of range 0ms..2s", assertThrows(ConfigException.class,
                () -> DisplayConfig.fromEnv(Env.of(Map.of("VEIL_REORDER_WAIT", "5s")))).getMessage());
    }

    @Test
    void theDeclaredSettingsAreWhatTheDisplayReads() {
        assertEquals(Optional.empty(), DisplayConfig.SETTINGS.refusal(Map.of("VEIL_VIEW_TOKEN", TOKEN)));
        assertEquals(Optional.of("VEIL_VIEW_AUTH=open is not one of none, token, basic"),
                DisplayConfig.SETTINGS.refusal(Map.of("VEIL_VIEW_AUTH", "open")));
        assertTrue(DisplayConfig.SETTINGS.names().containsAll(List.of("VEIL_VIEW_USER", "VEIL_INGEST_TOKEN",
                "VEIL_DISPLAY_HOSTS")));
        assertEquals("VEIL_REORDER_WAIT=3s is out of range 0ms..2s", assertThrows(ConfigException.class,
                () -> new DisplayConfig("127.0.0.1", 0, Optional.empty(), 4096, 8, Duration.ofSeconds(3),
                        ViewAccess.open())).getMessage(), "a config made in code is held to the same range");
    }

    @Test
    void theConstructorValidatesToo() {
        assertThrows(ConfigException.class, () -> new DisplayConfig(" ", 0, Optional.empty(), 4096));
        assertThrows(ConfigException.class, () -> new DisplayConfig("127.0.0.1", -1, Optional.empty(), 4096));
        assertThrows(ConfigException.class, () -> new DisplayConfig("127.0.0.1", 0, Optional.of(""), 4096));
        assertThrows(ConfigException.class, () -> new DisplayConfig("0.0.0.0", 0, Optional.of(TOKEN), 4096));
        assertThrows(ConfigException.class, () -> new DisplayConfig("127.0.0.1", 0, Optional.empty(), 10));
    }

    @Test
    void theTokenNeverAppearsInTheStringForm() {
        String text = new DisplayConfig("127.0.0.1", 0, Optional.of("very-secret-0123456"), 4096).toString();
        assertFalse(text.contains("very-secret"), text);
        assertTrue(text.contains("ingestToken=(set)"), text);
    }
}
