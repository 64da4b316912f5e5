package dev.veil.bench;

import dev.veil.display.StreamSnapshot;
import dev.veil.run.ExitStatus;
import dev.veil.run.LocalRun;
import dev.veil.run.RunNotStarted;
import dev.veil.run.RunOptions;
import dev.veil.run.RunSummary;
import dev.veil.run.UsageException;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The whole of {@code veil run} (the four vertices and the display server in this process, as a user runs it) on a
 * benchmark input: as fast as it goes, or at the video's own speed to see whether it keeps up.
 */
final class PipelineBench {

    /**
     * One run.
     *
     * @param detectEvery    the detector's cadence
     * @param realtime       paced at the input's frame rate (else as fast as possible)
     * @param frames         frames through the sink
     * @param seconds        source start to last frame
     * @param cpuMsPerFrame  process CPU time per frame, every thread
     * @param peakRssBytes   peak resident memory during the run (VmHWM reset before)
     * @param nativeBytes    JavaCPP native memory in use at the end
     * @param latencyP50Ms   capture to display, median over the last frames shown (up to 300)
     * @param latencyP99Ms   same, 99th percentile
     * @param carried        share of frames whose faces were carried from an earlier frame
     * @param failedClosed   frames obscured whole
     */
    record Run(BenchVideos.Clip clip, int detectEvery, boolean realtime, long frames, double seconds,
               double cpuMsPerFrame, long peakRssBytes, long nativeBytes, double latencyP50Ms, double latencyP99Ms,
               double carried, long failedClosed) {
        double fps() {
            return frames / seconds;
        }

        /**
         * Real time kept: every frame done, within a second of the video's own length (opening the input and the
         * last frame's trip), and latency not piling up at the end.
         */
        boolean keepsUp() {
            return frames == clip.frames() && seconds <= clip.frames() / clip.fps() + KEEP_UP_SLACK_SECONDS
                    && latencyP50Ms < KEEP_UP_LATENCY_MS;
        }
    }

    static final double KEEP_UP_SLACK_SECONDS = 1.0;
    static final double KEEP_UP_LATENCY_MS = 250;

    private final Path work;

    PipelineBench(Path work) {
        this.work = work;
    }

    Run run(BenchVideos.Clip clip, int detectEvery, boolean realtime) throws IOException, InterruptedException {
        return run(clip, detectEvery, realtime, Optional.empty(), Optional.empty());
    }

    /** Runs {@code veil run} on the clip; with {@code output}, the anonymized video is also written there. */
    Run run(BenchVideos.Clip clip, int detectEvery, boolean realtime, Optional<Path> output, Optional<String> model)
            throws IOException, InterruptedException {
        List<String> args = new ArrayList<>(List.of("--input", clip.file().toString(), "--port", "0", "--pacing",
                realtime ? "realtime" : "as-fast-as-possible", "--detect-every", Integer.toString(detectEvery)));
        output.ifPresent(o -> args.addAll(List.of("--output", o.toString())));
        model.ifPresent(m -> args.addAll(List.of("--model", m)));
        RunOptions options;
        try {
            options = RunOptions.parse(args.toArray(String[]::new));
        } catch (UsageException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        Files.createDirectories(work);
        Path log = work.resolve("veil-run-" + clip.height() + "p-every" + detectEvery + (realtime ? "-realtime" : "")
                + ".log");
        try (OutputStream file = Files.newOutputStream(log); PrintStream said = new PrintStream(file, true)) {
            ProcessMeter.resetPeak();
            long cpu0 = ProcessMeter.cpuNanos();
            RunSummary summary;
            try {
                summary = LocalRun.start(options, said, said).await();
            } catch (RunNotStarted e) {
                throw new IOException("veil run did not start (" + e.getMessage() + "); its output is in " + log, e);
            }
            double cpuMs = (ProcessMeter.cpuNanos() - cpu0) / 1e6;
            if (summary.exitStatus() != ExitStatus.OK) {
                throw new IOException("veil run failed (exit " + summary.exitStatus().code() + "); its output is in "
                        + log);
            }
            StreamSnapshot shown = summary.shown();
            double p50 = shown == null || shown.latency() == null ? Double.NaN : shown.latency().p50Millis();
            double p99 = shown == null || shown.latency() == null ? Double.NaN : shown.latency().p99Millis();
            double carried = shown == null || shown.framesReceived() == 0 ? 0
                    : (double) shown.framesCarried() / shown.framesReceived();
            return new Run(clip, detectEvery, realtime, summary.frames(), summary.seconds(),
                    cpuMs / Math.max(1, summary.frames()), ProcessMeter.peakRssBytes(), ProcessMeter.javacppBytes(),
                    p50, p99, carried, summary.failedClosed());
        }
    }
}
