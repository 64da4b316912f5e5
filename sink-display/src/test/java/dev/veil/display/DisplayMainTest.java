package dev.veil.display;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The real {@code main} in its own JVM, as a container would run it. */
class DisplayMainTest {

    private static final Pattern READY = Pattern.compile("display ready url=http://127\\.0\\.0\\.1:(\\d+)/");

    private static Process launch(String... env) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder builder = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                DisplayMain.class.getName()).redirectErrorStream(true);
        builder.environment().keySet().removeIf(k -> k.startsWith("VEIL_"));
        for (int i = 0; i < env.length; i += 2) {
            builder.environment().put(env[i], env[i + 1]);
        }
        return builder.start();
    }

    @Test
    void aBadSettingIsOneLineAndExitStatus2() throws Exception {
        Process process = launch("VEIL_DISPLAY_PORT", "eighty");
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "main exits on a bad setting");
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(2, process.exitValue(), output);
        List<String> lines = output.lines().filter(l -> !l.isBlank()).collect(Collectors.toList());
        assertEquals(1, lines.size(), output);
        assertTrue(lines.get(0).contains("VEIL_DISPLAY_PORT=eighty"), output);
    }

    @Test
    void servesUntilSigterm() throws Exception {
        Process process = launch("VEIL_DISPLAY_PORT", "0", "VEIL_DISPLAY_BIND", "127.0.0.1",
                "VEIL_INGEST_TOKEN", "token-not-for-logs");
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8));
            List<String> seen = new ArrayList<>();
            CompletableFuture<Integer> port = CompletableFuture.supplyAsync(() -> {
                try {
                    String line;
                    while ((line = out.readLine()) != null) {
                        seen.add(line);
                        Matcher m = READY.matcher(line);
                        if (m.find()) {
                            return Integer.parseInt(m.group(1));
                        }
                    }
                    throw new AssertionError("main ended before it was ready: " + seen);
                } catch (java.io.IOException e) {
                    throw new IllegalStateException(e);
                }
            });
            LoopbackClient client = new LoopbackClient(port.get(60, TimeUnit.SECONDS));
            HttpResponse<String> health = client.get("/healthz");
            assertEquals("ok", health.body());

            // SIGTERM through the handle: Process.destroy() would also close the output we still want to read.
            assertTrue(process.toHandle().destroy());
            assertTrue(process.waitFor(60, TimeUnit.SECONDS), "main stops on SIGTERM");
            String rest = out.lines().collect(Collectors.joining("\n"));
            String all = String.join("\n", seen) + "\n" + rest;
            assertTrue(rest.contains("display server stopped"), all);
            assertTrue(!all.contains("token-not-for-logs"), "the token is never logged");
        } finally {
            process.destroyForcibly();
        }
    }
}
