package dev.veil.inference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The vertex as Kubernetes runs it: its own JVM, configured by environment, stopped by SIGTERM. */
class InferenceMainTest {

    @Test
    void anUnknownModelStopsStartUpNamingTheVariable() throws Exception {
        Process vertex = start(Map.of("VEIL_MODEL", "retinaface"));
        assertTrue(vertex.waitFor(60, TimeUnit.SECONDS));
        String output = new String(vertex.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(2, vertex.exitValue(), output);
        assertTrue(output.contains("VEIL_MODEL=retinaface is not a model"), output);
        assertEquals(1, output.lines().filter(l -> l.contains("ERROR")).count(), "one clear line: " + output);
    }

    @Test
    void aMalformedThresholdStopsStartUp() throws Exception {
        Process vertex = start(Map.of("VEIL_CONFIDENCE", "most"));
        assertTrue(vertex.waitFor(60, TimeUnit.SECONDS));
        String output = new String(vertex.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(2, vertex.exitValue(), output);
        assertTrue(output.contains("VEIL_CONFIDENCE=most is not a number"), output);
    }

    @Test
    void servesWithTheDefaultModelAndStopsOnSigterm() throws Exception {
        Process vertex = start(Map.of());
        StringBuffer output = new StringBuffer();
        CountDownLatch serving = new CountDownLatch(1);
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(vertex.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    output.append(line).append('\n');
                    if (line.contains("server started")) {
                        serving.countDown();
                    }
                }
            } catch (IOException e) {
                output.append(e);
            }
        });
        reader.start();
        assertTrue(serving.await(60, TimeUnit.SECONDS), "vertex started serving: " + output);
        assertTrue(output.toString().contains("face detector ready model=blazeface-full"), output.toString());

        ProcessHandle.of(vertex.pid()).orElseThrow().destroy(); // SIGTERM

        assertTrue(vertex.waitFor(30, TimeUnit.SECONDS), "vertex exited on SIGTERM: " + output);
        reader.join(5_000);
        assertEquals(0, vertex.exitValue(), output.toString());
        assertTrue(output.toString().contains("totals frames=0 faces=0 failed=0 invalid=0"), output.toString());
        assertTrue(output.toString().contains("stopped vertex=inference"), output.toString());
        assertTrue(!output.toString().contains("Exception"), output.toString());
    }

    private static Process start(Map<String, String> env) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder builder = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                InferenceMain.class.getName()).redirectErrorStream(true);
        builder.environment().keySet().removeIf(k -> k.startsWith("VEIL_") || k.equals("NUMAFLOW_POD"));
        builder.environment().putAll(env);
        return builder.start();
    }
}
