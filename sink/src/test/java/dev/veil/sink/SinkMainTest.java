package dev.veil.sink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.veil.frame.VertexProcess;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The vertex as Kubernetes runs it: its own JVM, configured by environment, stopped by SIGTERM. */
class SinkMainTest {

    @Test
    void aBadModeStopsStartUpNamingTheVariable() throws Exception {
        try (VertexProcess vertex = VertexProcess.start(SinkMain.class, Map.of("VEIL_ANONYMIZE_MODE", "smudge"))) {
            assertEquals(2, vertex.awaitExit(Duration.ofSeconds(60)), vertex.output());
            assertTrue(vertex.output().contains("VEIL_ANONYMIZE_MODE=smudge is not one of blur, pixelate, fill, boxes"),
                    vertex.output());
        }
    }

    @Test
    void theBoxesModeAloneIsRefusedAndWithItsSecondSettingItWarnsLoudly() throws Exception {
        try (VertexProcess vertex = VertexProcess.start(SinkMain.class, Map.of("VEIL_ANONYMIZE_MODE", "boxes"))) {
            assertEquals(2, vertex.awaitExit(Duration.ofSeconds(60)), vertex.output());
            assertTrue(vertex.output().contains("VEIL_DEBUG_SHOW_FACES=true"), vertex.output());
        }
        try (VertexProcess vertex = VertexProcess.start(SinkMain.class, Map.of("VEIL_ANONYMIZE_MODE", "boxes",
                "VEIL_DEBUG_SHOW_FACES", "true", "VEIL_DISPLAY_URL", "http://127.0.0.1:9/"))) {
            vertex.awaitLine("server started", Duration.ofSeconds(60));
            assertTrue(vertex.output().contains("ERROR") && vertex.output().contains("FACES ARE NOT ANONYMIZED"),
                    vertex.output());
            assertEquals(0, vertex.terminate(Duration.ofSeconds(30)), vertex.output());
        }
    }

    @Test
    void servesAndStopsOnSigtermWithoutLoggingTheToken() throws Exception {
        try (VertexProcess vertex = VertexProcess.start(SinkMain.class, Map.of(
                "VEIL_DISPLAY_URL", "http://127.0.0.1:9/", "VEIL_INGEST_TOKEN", "token-not-for-logs"))) {
            vertex.awaitLine("server started", Duration.ofSeconds(60));

            assertEquals(0, vertex.terminate(Duration.ofSeconds(30)), vertex.output());
            assertTrue(vertex.output().contains("stopped vertex=sink"), vertex.output());
            assertFalse(vertex.output().contains("token-not-for-logs"), vertex.output());
        }
    }
}
