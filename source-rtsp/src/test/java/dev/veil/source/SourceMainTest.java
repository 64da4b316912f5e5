package dev.veil.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.veil.frame.VertexProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The vertex as Kubernetes runs it: its own JVM, configured by environment, stopped by SIGTERM. */
class SourceMainTest {

    @TempDir
    Path dir;

    @Test
    void aMissingInputStopsStartUpNamingTheVariable() throws Exception {
        try (VertexProcess vertex = VertexProcess.start(SourceMain.class, Map.of())) {
            assertEquals(2, vertex.awaitExit(Duration.ofSeconds(60)), vertex.output());
            assertTrue(vertex.output().contains("VEIL_INPUT is not set"), vertex.output());
        }
    }

    @Test
    void decodesAndStopsOnSigterm() throws Exception {
        Path video = TestVideos.synthetic(dir.resolve("lobby.mp4"), 320, 240, 10, 25, false);
        try (VertexProcess vertex = VertexProcess.start(SourceMain.class,
                Map.of("VEIL_INPUT", video.toString(), "VEIL_AT_END_OF_INPUT", "loop"))) {
            vertex.awaitLine("server started", Duration.ofSeconds(60));
            vertex.awaitLine("input opened stream=lobby", Duration.ofSeconds(60));

            assertEquals(0, vertex.terminate(Duration.ofSeconds(30)), vertex.output());
            assertTrue(vertex.output().contains("stopped vertex=source-rtsp"), vertex.output());
        }
    }
}
