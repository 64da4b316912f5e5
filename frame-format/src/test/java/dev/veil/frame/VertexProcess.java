package dev.veil.frame;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A vertex's {@code main} in its own JVM, as a container runs it: configured by environment variables only
 * (the test's own VEIL_* and NUMAFLOW_POD are removed), its output collected line by line, stopped by SIGTERM.
 */
public final class VertexProcess implements AutoCloseable {

    private final Process process;
    private final StringBuffer output = new StringBuffer();
    private final Thread reader;
    /** Set, under the lock of {@code output}, once the process's output has ended. */
    private boolean ended;

    private VertexProcess(Process process) {
        this.process = process;
        this.reader = new Thread(this::collect, "vertex-output");
        this.reader.setDaemon(true);
        this.reader.start();
    }

    /** Starts {@code main} with the test's classpath and exactly these VEIL_* settings. */
    public static VertexProcess start(Class<?> main, Map<String, String> env) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder builder = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), main.getName())
                .redirectErrorStream(true);
        builder.environment().keySet().removeIf(k -> k.startsWith("VEIL_") || k.equals("NUMAFLOW_POD"));
        builder.environment().putAll(env);
        return new VertexProcess(builder.start());
    }

    /**
     * Waits for an output line matching {@code pattern}, woken by each line the process prints; fails the test with
     * the output so far if none comes within {@code timeout} or the process ends without one.
     */
    public Matcher awaitLine(Pattern pattern, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (output) {
            int scanned = 0;
            while (true) {
                // Only whole lines, each looked at once.
                int end;
                while ((end = output.indexOf("\n", scanned)) >= 0) {
                    Matcher m = pattern.matcher(output.substring(scanned, end));
                    scanned = end + 1;
                    if (m.find()) {
                        return m;
                    }
                }
                long left = deadline - System.nanoTime();
                if (left <= 0 || ended) {
                    break;
                }
                TimeUnit.NANOSECONDS.timedWait(output, left);
            }
        }
        throw new AssertionError("no line matching '" + pattern + "' within " + timeout + "; output:\n" + output);
    }

    /** Waits for a line containing {@code text}. */
    public String awaitLine(String text, Duration timeout) throws InterruptedException {
        return awaitLine(Pattern.compile(Pattern.quote(text)), timeout).group();
    }

    /** Sends SIGTERM (keeping our end of its output open) and returns its exit status. */
    public int terminate(Duration timeout) throws InterruptedException {
        process.toHandle().destroy();
        return awaitExit(timeout);
    }

    /** Waits for the process to end by itself and returns its exit status. */
    public int awaitExit(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("still running after " + timeout + "; output:\n" + output);
        }
        reader.join(5_000);
        return process.exitValue();
    }

    /** Everything it printed so far (stdout and stderr). */
    public String output() {
        return output.toString();
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }

    private void collect() {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                synchronized (output) {
                    output.append(line).append('\n');
                    output.notifyAll();
                }
            }
        } catch (IOException e) {
            output.append("[output ended: ").append(e).append("]\n");
        } finally {
            synchronized (output) {
                ended = true;
                output.notifyAll();
            }
        }
    }
}
