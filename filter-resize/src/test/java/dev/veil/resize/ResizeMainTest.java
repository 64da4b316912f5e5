package dev.veil.resize;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.veil.frame.VertexProcess;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The vertex as Kubernetes runs it: its own JVM, configured by environment, stopped by SIGTERM. */
class ResizeMainTest {

    @Test
    void aMalformedSettingStopsStartUpNamingTheVariable() throws Exception {
        try (VertexProcess vertex = VertexProcess.start(ResizeMain.class, Map.of("VEIL_DISPLAY_SIZE", "wide"))) {
            assertEquals(2, vertex.awaitExit(Duration.ofSeconds(60)), vertex.output());
            assertTrue(vertex.output().contains("VEIL_DISPLAY_SIZE=wide is not a size such as 1280x720"),
                    vertex.output());
        }
    }

    @Test
    void sigtermStopsTheServingVertex() throws Exception {
        try (VertexProcess vertex = VertexProcess.start(ResizeMain.class,
                Map.of("VEIL_DISPLAY_SIZE", "640x360"))) {
            vertex.awaitLine("server started", Duration.ofSeconds(60));

            assertEquals(0, vertex.terminate(Duration.ofSeconds(30)), vertex.output());
            assertTrue(vertex.output().contains("stopped vertex=filter-resize"), vertex.output());
        }
    }
}
