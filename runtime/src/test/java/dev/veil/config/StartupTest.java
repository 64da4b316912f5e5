package dev.veil.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.veil.frame.VertexProcess;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

class StartupTest {

    /**
     * A stand-in vertex in its own JVM whose "server" registers the same kind of shutdown hook numaflow-java
     * does (System.exit inside shutdown). It must still end on SIGTERM, having run its stop action.
     */
    public static void main(String[] args) throws Exception {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> System.exit(0)));
        Startup.stopOnSignal("test-vertex", () -> System.out.println("stop action ran"));
        System.out.println("ready");
        System.out.flush();
        new CountDownLatch(1).await(); // serves until stopped, as numaflow-java's server blocks until shutdown
    }

    @Test
    void sigtermStopsTheVertexDespiteTheSdkHook() throws Exception {
        try (VertexProcess vertex = VertexProcess.start(StartupTest.class, Map.of())) {
            vertex.awaitLine("ready", Duration.ofSeconds(30));

            assertEquals(0, vertex.terminate(Duration.ofSeconds(20)), vertex.output());
            assertTrue(vertex.output().contains("stop action ran"), vertex.output());
        }
    }
}
