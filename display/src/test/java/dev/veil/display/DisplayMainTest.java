package dev.veil.display;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.veil.frame.VertexProcess;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The real {@code main} in its own JVM, as a container would run it. */
class DisplayMainTest {

    private static final Pattern READY = Pattern.compile("display ready url=http://127\\.0\\.0\\.1:(\\d+)/");

    @Test
    void aBadSettingIsOneLineAndExitStatus2() throws Exception {
        try (VertexProcess display = VertexProcess.start(DisplayMain.class, Map.of("VEIL_DISPLAY_PORT", "eighty"))) {
            assertEquals(2, display.awaitExit(Duration.ofSeconds(60)), display.output());
            List<String> lines = display.output().lines().filter(l -> !l.isBlank()).collect(Collectors.toList());
            assertEquals(1, lines.size(), display.output());
            assertTrue(lines.get(0).contains("VEIL_DISPLAY_PORT=eighty"), display.output());
        }
    }

    @Test
    void aContradictoryViewingSettingStopsStartUp() throws Exception {
        try (VertexProcess display = VertexProcess.start(DisplayMain.class, Map.of("VEIL_VIEW_AUTH", "none",
                "VEIL_VIEW_TOKEN", "secret-not-for-logs"))) {
            assertEquals(2, display.awaitExit(Duration.ofSeconds(60)), display.output());
            assertTrue(display.output().contains("VEIL_VIEW_AUTH=none but VEIL_VIEW_TOKEN is set"), display.output());
            assertFalse(display.output().contains("secret-not-for-logs"), display.output());
        }
    }

    @Test
    void theNetworkWithoutSecretsIsRefusedInOneLine() throws Exception {
        try (VertexProcess display = VertexProcess.start(DisplayMain.class, Map.of("VEIL_DISPLAY_BIND", "0.0.0.0",
                "VEIL_DISPLAY_PORT", "0"))) {
            assertEquals(2, display.awaitExit(Duration.ofSeconds(60)), display.output());
            List<String> lines = display.output().lines().filter(l -> !l.isBlank()).collect(Collectors.toList());
            assertEquals(1, lines.size(), display.output());
            assertTrue(lines.get(0).contains("the display listens on 0.0.0.0, not only on this host, yet anyone may"
                    + " send frames"), display.output());
        }
    }

    @Test
    void openOnThisHostItSaysSoLoudly() throws Exception {
        try (VertexProcess display = VertexProcess.start(DisplayMain.class, Map.of("VEIL_DISPLAY_PORT", "0"))) {
            display.awaitLine(READY, Duration.ofSeconds(60));
            assertTrue(display.output().lines().anyMatch(l -> l.contains(" WARN ")
                    && l.contains("DISPLAY RUNS WITHOUT SECRETS") && l.contains("anyone may send frames")
                    && l.contains("anyone may watch")), display.output());
            assertEquals(0, display.terminate(Duration.ofSeconds(60)), display.output());
        }
    }

    @Test
    void servesUntilSigterm() throws Exception {
        try (VertexProcess display = VertexProcess.start(DisplayMain.class, Map.of("VEIL_DISPLAY_PORT", "0",
                "VEIL_DISPLAY_BIND", "127.0.0.1", "VEIL_INGEST_TOKEN", "token-not-for-logs",
                "VEIL_VIEW_PASSWORD", "password-not-for-logs"))) {
            int port = Integer.parseInt(display.awaitLine(READY, Duration.ofSeconds(60)).group(1));
            LoopbackClient client = new LoopbackClient(port);
            HttpResponse<String> health = client.get("/healthz");
            assertEquals("ok", health.body());
            assertEquals(401, client.get("/").statusCode(), "a password given means viewing needs it");
            assertTrue(display.output().contains("viewAuth=basic(user=veil)"), display.output());

            assertEquals(0, display.terminate(Duration.ofSeconds(60)), display.output());
            assertTrue(display.output().contains("display server stopped"), display.output());
            assertFalse(display.output().contains("token-not-for-logs"), "the token is never logged");
            assertFalse(display.output().contains("password-not-for-logs"), "nor the password");
        }
    }
}
