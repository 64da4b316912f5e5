package dev.veil.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.veil.display.DisplayConfig;
import dev.veil.display.DisplayServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What someone trying {@code ./veil run} for the first time meets: the sample, a busy port, a camera that is off. */
class FirstRunTest {

    @TempDir
    Path dir;

    private static final Duration LIVENESS = Duration.ofSeconds(120);
    /** The count on a status line ("frames 80  25.0 fps ..."), printed a second while a run is awaited. */
    private static final Pattern FRAMES_LINE = Pattern.compile("(?m)^frames (\\d+)\\b");

    private final PrintedText out = new PrintedText();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @Test
    void theSamplePlaysAgainAndAgainUntilStopped() throws Exception {
        // A one-second sample where the cache keeps it, so the test sees it loop within seconds.
        Path cache = Files.createDirectory(dir.resolve("cache"));
        SampleVideo.writeSample(SampleVideo.builtInFile(cache), 1, 320, 180, 25, false);
        LocalRun run = LocalRun.start(RunOptions.parse("--port", "0", "--pacing", "as-fast-as-possible"),
                print(out), print(err), cache);

        CompletableFuture<RunSummary> end = awaitInBackground(run);
        out.await("a status line counting three passes over the 25-frame sample", end, text -> FRAMES_LINE.matcher(text)
                .results().anyMatch(frames -> Long.parseLong(frames.group(1)) > 75));
        assertFalse(end.isDone(), "still playing after three passes: " + said());
        run.stop();

        RunSummary summary = end.get(120, TimeUnit.SECONDS);
        assertEquals(ExitStatus.OK, summary.exitStatus(), said());
        assertTrue(summary.frames() > 75, said());
        assertTrue(text(out).contains("No --input given: playing Veil's sample video "
                + SampleVideo.builtInFile(cache) + " again and again until Ctrl-C"), said());
        assertTrue(text(out).contains("Stopped: "), said());
        assertFalse(text(out).contains("/25"), "no frame count out of a total that a loop has not: " + said());
        assertTrue(text(out).contains(", on every frame, every 4th frame in full and the others at the smaller scales"
                + " only, faces held 10 frames"), "the detector line says the defaults' cadence: " + said());
    }

    @Test
    void theSummarySaysWhichPartOfThePipelineTookTheCpu() throws Exception {
        Path input = TestInputs.h264(dir.resolve("in.mp4"), 640, 360, 60, 30, false);
        LocalRun run = LocalRun.start(RunOptions.parse("--input", input.toString(), "--output",
                dir.resolve("out.mp4").toString(), "--port", "0", "--pacing", "as-fast-as-possible"), print(out),
                print(err));

        RunSummary summary = awaitInBackground(run).get(120, TimeUnit.SECONDS);

        assertEquals(ExitStatus.OK, summary.exitStatus(), said());
        Matcher line = Pattern.compile("(?m)^CPU a frame from the pipeline's start: (.*);"
                + " (\\d+\\.\\d) ms in all, on (\\d+) cores?$").matcher(text(out));
        assertTrue(line.find(), said());
        assertEquals(Runtime.getRuntime().availableProcessors(), Integer.parseInt(line.group(3)), said());
        Map<String, Double> parts = new java.util.HashMap<>();
        for (String part : line.group(1).split(", ")) {
            Matcher named = Pattern.compile("^(.+) (\\d+\\.\\d)( ms)?$").matcher(part);
            assertTrue(named.matches(), part);
            parts.put(named.group(1), Double.parseDouble(named.group(2)));
        }
        // The detector's and the encoder's threads were found by their names. (A part under 0.05 ms a frame is left
        // out: on this faceless clip the tracker and the blur may not reach one 10 ms tick of the kernel's count.)
        for (String part : java.util.List.of("detector", "MP4 encoding")) {
            assertTrue(parts.getOrDefault(part, 0.0) > 0, part + " in " + said());
        }
        java.util.Set<String> labels = java.util.Set.of("detector", "tracker", "anonymizing", "MP4 encoding",
                "decoding", "resizing", "JVM", "other");
        assertTrue(labels.containsAll(parts.keySet()), parts.keySet() + " in " + said());
        double sum = parts.values().stream().mapToDouble(Double::doubleValue).sum();
        assertEquals(Double.parseDouble(line.group(2)), sum, 0.1 * parts.size(), "the parts add up to the whole");
    }

    @Test
    void theSampleIsKeptInTheUsersCacheFolder() throws Exception {
        assertEquals(Path.of("/xdg/cache/veil"),
                CacheFolder.preferred(Map.of("XDG_CACHE_HOME", "/xdg/cache"), "/home/ada"));
        assertEquals(Path.of("/home/ada/.cache/veil"), CacheFolder.preferred(Map.of(), "/home/ada"));
        assertEquals(Path.of("/home/ada/.cache/veil"),
                CacheFolder.preferred(Map.of("XDG_CACHE_HOME", "relative/cache"), "/home/ada"),
                "the XDG specification ignores a relative XDG_CACHE_HOME");
        assertEquals(null, CacheFolder.preferred(Map.of(), "?"), "a process without a home");

        Path blocked = Files.writeString(dir.resolve("not-a-folder"), "a file where the cache folder would go");
        Path fallback = dir.resolve("tmp").resolve("veil-ada");
        Path used = CacheFolder.create(blocked.resolve("veil"), fallback, print(err));
        assertEquals(fallback, used);
        assertTrue(Files.isDirectory(fallback));
        assertTrue(text(err).startsWith("veil run: cannot use the cache folder " + blocked.resolve("veil")),
                text(err));
        assertTrue(text(err).contains("using " + fallback + " instead"), text(err));

        Path home = dir.resolve("home");
        Path preferred = CacheFolder.preferred(Map.of(), home.toString());
        assertEquals(preferred, CacheFolder.create(preferred, fallback, print(err)));
        assertTrue(Files.isDirectory(home.resolve(".cache").resolve("veil")));
    }

    @Test
    void aPortInUseIsOneLineThatSuggestsAnyFreePort() throws Exception {
        Path input = TestInputs.h264(dir.resolve("clip.mp4"), 160, 120, 10, 25, false);
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int port = taken.getLocalPort();

            int exit = RunCommand.execute(new String[] {"--input", input.toString(), "--port", Integer.toString(port)},
                    print(out), print(err));

            assertEquals(ExitStatus.USAGE.code(), exit, said());
            assertEquals("veil run: port " + port + " is already in use (another veil run?); choose another with"
                    + " --port N, or --port 0 for any free port\n", text(err));
            assertEquals("", text(out), "nothing started");
        }
    }

    @Test
    void aPortTakenBetweenTheCheckAndTheStartIsRecognisedToo() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            DisplayServer display = new DisplayServer(new DisplayConfig("127.0.0.1", taken.getLocalPort(),
                    Optional.empty(), DisplayConfig.DEFAULT_MAX_FRAME_BYTES));
            RuntimeException failure = null;
            try {
                display.start();
            } catch (RuntimeException e) {
                failure = e;
            } finally {
                display.close();
            }
            assertNotNull(failure, "the display server cannot bind a taken port");
            assertTrue(ViewerPort.isBindFailure(failure), failure.toString());
            assertTrue(ViewerPort.inUse(taken.getLocalPort()));
            assertFalse(ViewerPort.isBindFailure(new IllegalStateException("something else")));
        }
    }

    @Test
    void anUnreachableStreamSaysWhatItWaitsForWhyAndWhenItTriesAgain() throws Exception {
        int closed;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = probe.getLocalPort();
        }
        String url = "rtsp://127.0.0.1:" + closed + "/live";
        LocalRun run = LocalRun.start(RunOptions.parse("--input", url, "--port", "0"), print(out), print(err));
        // The waits grow from 1 s (0.5 to 1 s, then up to 2 s, 4 s...): a status line soon falls within one.
        Pattern status = Pattern.compile("(?m)^waiting for " + Pattern.quote(url)
                + ": Connection refused, retry in [1-9]\\d* s$");

        CompletableFuture<RunSummary> end = awaitInBackground(run);
        out.await("the status line of a refused stream", end, text -> status.matcher(text).find());
        run.stop();

        assertEquals(ExitStatus.FAILED, end.get(60, TimeUnit.SECONDS).exitStatus(), said());
        assertTrue(status.matcher(text(out)).find(), said());
        assertFalse(text(out).contains("frames 0"), "no frame count while nothing can come: " + said());
        assertTrue(text(err).contains("veil run: no frame came out of " + url + ": cannot open " + url
                + ": Connection refused"), said());
    }

    /** The run's end, awaited on a thread of its own: its status lines are printed while it is awaited. */
    private static CompletableFuture<RunSummary> awaitInBackground(LocalRun run) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return run.await();
            } catch (IOException | InterruptedException e) {
                throw new CompletionException(e);
            }
        });
    }

    /** What a run prints, kept as it comes: a test waits for a line to be printed, woken by each write. */
    private static final class PrintedText extends ByteArrayOutputStream {

        @Override
        public synchronized void write(int b) {
            super.write(b);
            notifyAll();
        }

        @Override
        public synchronized void write(byte[] b, int off, int len) {
            super.write(b, off, len);
            notifyAll();
        }

        private synchronized void wake() {
            notifyAll();
        }

        /**
         * Returns once the text printed so far satisfies {@code condition}, or once {@code end} is done (the run
         * ended: the caller checks what it said); fails naming {@code what} after {@link #LIVENESS}.
         */
        synchronized void await(String what, CompletableFuture<?> end, Predicate<String> condition)
                throws InterruptedException {
            end.whenComplete((summary, failure) -> wake());
            long deadline = System.nanoTime() + LIVENESS.toNanos();
            while (!condition.test(toString(StandardCharsets.UTF_8)) && !end.isDone()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError("timed out waiting for " + what + "; it printed:\n"
                            + toString(StandardCharsets.UTF_8));
                }
                TimeUnit.NANOSECONDS.timedWait(this, left);
            }
        }
    }

    private String said() {
        return "\n--- stdout\n" + text(out) + "--- stderr\n" + text(err);
    }

    private static PrintStream print(ByteArrayOutputStream stream) {
        return new PrintStream(stream, true, StandardCharsets.UTF_8);
    }

    private static String text(ByteArrayOutputStream stream) {
        return stream.toString(StandardCharsets.UTF_8);
    }
}
