package dev.veil.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
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
        Thread.sleep(Long.MAX_VALUE);
    }

    @Test
    void sigtermStopsTheVertexDespiteTheSdkHook() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), StartupTest.class.getName())
                .redirectErrorStream(true).start();
        StringBuffer output = new StringBuffer();
        CountDownLatch ready = new CountDownLatch(1);
        Thread reader = new Thread(() -> {
            try (BufferedReader out = new BufferedReader(
                    new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = out.readLine(); line != null; line = out.readLine()) {
                    output.append(line).append('\n');
                    if (line.equals("ready")) {
                        ready.countDown();
                    }
                }
            } catch (IOException e) {
                output.append(e);
            }
        });
        reader.start();
        assertTrue(ready.await(30, TimeUnit.SECONDS), "child started: " + output);

        ProcessHandle.of(child.pid()).orElseThrow().destroy(); // SIGTERM, leaving our pipes open

        assertTrue(child.waitFor(20, TimeUnit.SECONDS), "the vertex exited on SIGTERM");
        reader.join(5_000);
        assertEquals(0, child.exitValue());
        assertTrue(output.toString().contains("stop action ran"), output.toString());
    }
}
