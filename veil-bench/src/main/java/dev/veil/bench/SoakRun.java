package dev.veil.bench;

import dev.veil.run.ExitStatus;
import dev.veil.run.LocalRun;
import dev.veil.run.RunNotStarted;
import dev.veil.run.RunOptions;
import dev.veil.run.RunSummary;
import dev.veil.run.UsageException;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.Writer;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Endurance: {@code veil run} on a looping input at its own speed for a long time, with this process's memory
 * sampled at a fixed interval into a CSV file: resident memory (RSS), JavaCPP's view of the physical memory and
 * of the native memory it allocated, and the Java heap in use. Memory is flat when the resident size at the end
 * is within {@value #MAX_GROWTH_PERCENT}% of what it was at the start of the comparison window.
 */
final class SoakRun {

    static final double MAX_GROWTH_PERCENT = 5;

    /**
     * One sample.
     *
     * @param seconds  since the run's stages started (after the detector loaded)
     * @param frames   frames through the sink so far
     */
    record Sample(double seconds, long frames, long rssBytes, long physicalBytes, long javacppBytes, long heapUsedBytes,
                  double cpuSeconds) {
    }

    /**
     * The verdict over the window that starts after warm-up.
     *
     * @param fromSeconds   where the window starts
     * @param startRssBytes median RSS of the first three samples of the window
     * @param endRssBytes   median RSS of the last three samples
     */
    record Verdict(double fromSeconds, long startRssBytes, long endRssBytes, long startNativeBytes, long endNativeBytes,
                   double fps) {
        double rssGrowthPercent() {
            return 100.0 * (endRssBytes - startRssBytes) / startRssBytes;
        }

        double nativeGrowthPercent() {
            return startNativeBytes == 0 ? 0 : 100.0 * (endNativeBytes - startNativeBytes) / startNativeBytes;
        }

        boolean flat() {
            return rssGrowthPercent() < MAX_GROWTH_PERCENT && nativeGrowthPercent() < MAX_GROWTH_PERCENT;
        }
    }

    private final BenchVideos.Clip clip;
    private final Duration length;
    private final Duration interval;
    private final Duration window;
    private final int detectEvery;

    /**
     * @param window the comparison window at the end of the run (the issue asks for the last 20 minutes of 30)
     */
    SoakRun(BenchVideos.Clip clip, Duration length, Duration interval, Duration window, int detectEvery) {
        this.clip = clip;
        this.length = length;
        this.interval = interval;
        this.window = window;
        this.detectEvery = detectEvery;
    }

    /** Runs the soak, writing every sample to {@code csv} as it is taken. */
    List<Sample> run(Path csv, Path log, PrintStream progress) throws IOException, InterruptedException {
        RunOptions options;
        try {
            options = RunOptions.parse("--input", clip.file().toString(), "--loop", "--port", "0", "--pacing",
                    "realtime", "--detect-every", Integer.toString(detectEvery));
        } catch (UsageException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        List<Sample> samples = new ArrayList<>();
        RunSummary summary;
        try (OutputStream file = Files.newOutputStream(log); PrintStream said = new PrintStream(file, true);
             Writer out = Files.newBufferedWriter(csv)) {
            out.write("seconds,frames,rss_bytes,physical_bytes,javacpp_bytes,heap_used_bytes,cpu_seconds\n");
            LocalRun run;
            try {
                run = LocalRun.start(options, said, said);
            } catch (RunNotStarted e) {
                throw new IOException("veil run did not start for the soak: " + e.getMessage(), e);
            }
            // The soak's length and its samples count from the start of the stages, after the detector has loaded.
            long t0 = System.nanoTime();
            long cpu0 = ProcessMeter.cpuNanos();
            // Its end is awaited on a thread of its own, while this one samples the process.
            FutureTask<RunSummary> end = new FutureTask<>(run::await);
            Thread runner = new Thread(end, "veil-soak");
            runner.start();
            long next = t0;
            while (System.nanoTime() - t0 < length.toNanos() && runner.isAlive()) {
                next += interval.toNanos();
                long wait = next - System.nanoTime();
                if (wait > 0) {
                    runner.join(Math.max(1, wait / 1_000_000));
                }
                Sample s = sample(t0, cpu0, run.framesSoFar());
                samples.add(s);
                out.write(String.format(Locale.ROOT, "%.1f,%d,%d,%d,%d,%d,%.1f%n", s.seconds(), s.frames(),
                        s.rssBytes(), s.physicalBytes(), s.javacppBytes(), s.heapUsedBytes(), s.cpuSeconds()));
                out.flush();
                progress.printf(Locale.ROOT, "soak %4.0f s  frames %d  RSS %.0f MiB  native (JavaCPP) %.0f MiB  heap %.0f MiB%n",
                        s.seconds(), s.frames(), mib(s.rssBytes()), mib(s.javacppBytes()), mib(s.heapUsedBytes()));
            }
            run.stop();
            try {
                summary = end.get(1, TimeUnit.MINUTES);
            } catch (ExecutionException e) {
                throw new IOException("veil run failed during the soak; see " + log, e.getCause());
            } catch (TimeoutException e) {
                throw new IOException("veil run did not end within a minute of its stop; see " + log, e);
            }
        }
        if (summary.exitStatus() != ExitStatus.OK) {
            throw new IOException("veil run ended with exit status " + summary.exitStatus().code()
                    + " during the soak; see " + log);
        }
        return samples;
    }

    /** Flatness over the last {@code window} of the samples. */
    Verdict verdict(List<Sample> samples) {
        if (samples.size() < 6) {
            throw new IllegalStateException("too few samples (" + samples.size() + ") to judge memory");
        }
        double end = samples.get(samples.size() - 1).seconds();
        double from = Math.max(0, end - window.toSeconds());
        List<Sample> inWindow = samples.stream().filter(s -> s.seconds() >= from).toList();
        List<Sample> first = inWindow.subList(0, 3);
        List<Sample> last = inWindow.subList(inWindow.size() - 3, inWindow.size());
        Sample a = inWindow.get(0);
        Sample b = inWindow.get(inWindow.size() - 1);
        double fps = (b.frames() - a.frames()) / Math.max(1e-9, b.seconds() - a.seconds());
        return new Verdict(a.seconds(), median(first, Sample::rssBytes), median(last, Sample::rssBytes),
                median(first, Sample::javacppBytes), median(last, Sample::javacppBytes), fps);
    }

    private static long median(List<Sample> samples, java.util.function.ToLongFunction<Sample> value) {
        long[] v = samples.stream().mapToLong(value).sorted().toArray();
        return v[v.length / 2];
    }

    private static Sample sample(long t0, long cpu0, long frames) {
        return new Sample((System.nanoTime() - t0) / 1e9, frames, ProcessMeter.rssBytes(), ProcessMeter.physicalBytes(),
                ProcessMeter.javacppBytes(), ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed(),
                (ProcessMeter.cpuNanos() - cpu0) / 1e9);
    }

    static double mib(long bytes) {
        return bytes / 1024.0 / 1024.0;
    }
}
