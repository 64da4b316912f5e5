package dev.veil.run;

import dev.veil.display.StreamSnapshot;
import dev.veil.sink.SinkStats;
import dev.veil.source.Outage;
import dev.veil.source.SourceStats;
import dev.veil.source.StreamStats;
import java.io.PrintStream;
import java.util.Locale;
import java.util.Optional;

/**
 * What {@code veil run} prints: a status line a second while it runs, then a summary. A live stream that delivers
 * nothing says so on its status line (what it waits for, why, and when it tries again) instead of counting frames
 * that do not come.
 */
final class RunProgress {

    /** Fewer frames than this say too little about a run's rate to call it slower than real time. */
    static final long MIN_FRAMES_FOR_RATE = 30;
    /** A rate under this share of the video's own is called slower than real time (a little jitter is not). */
    static final double REAL_TIME_SHARE = 0.95;

    private final PrintStream out;
    private final long declaredFrames;
    private final double frameRate;
    private final long startedNanos;

    /**
     * @param declaredFrames frames the input declares, shown as "done/declared"; 0: not shown (streams, loops)
     * @param frameRate      the input's own frames per second; 0 when unknown
     */
    RunProgress(PrintStream out, long declaredFrames, double frameRate, long startedNanos) {
        this.out = out;
        this.declaredFrames = declaredFrames;
        this.frameRate = frameRate;
        this.startedNanos = startedNanos;
    }

    void print(SourceStats source, SinkStats sink, StreamSnapshot shown) {
        out.println(line(source, sink, shown));
    }

    static String waiting(StreamStats stream, Outage outage) {
        long seconds = (outage.retryIn().toMillis() + 999) / 1000;
        return "waiting for " + stream.input() + ": " + outage.reason()
                + (seconds > 0 ? ", retry in " + seconds + " s" : ", trying again now");
    }

    private String line(SourceStats source, SinkStats sink, StreamSnapshot shown) {
        for (StreamStats stream : source.streams()) {
            Optional<Outage> outage = stream.outage();
            if (outage.isPresent()) {
                return waiting(stream, outage.get())
                        + (sink.frames() > 0 ? "  (frames so far " + sink.frames() + ")" : "");
            }
            if (stream.live() && stream.decoded() == 0 && sink.frames() == 0) {
                return "connecting to " + stream.input();
            }
        }
        StringBuilder line = new StringBuilder("frames ").append(sink.frames());
        if (declaredFrames > 0) {
            line.append('/').append(declaredFrames);
        }
        if (shown != null) {
            line.append(String.format(Locale.ROOT, "  %.1f fps", shown.fps()));
            line.append(String.format(Locale.ROOT, "  faces %.1f/frame", shown.facesPerFrame()));
            if (shown.latency() != null) {
                line.append(String.format(Locale.ROOT, "  latency p50 %.0f ms p99 %.0f ms", shown.latency().p50Millis(),
                        shown.latency().p99Millis()));
            }
        }
        line.append("  faces found ").append(sink.faces());
        if (shown != null && shown.framesCarried() > 0) {
            line.append(String.format(Locale.ROOT, "  carried %.0f%%",
                    100.0 * shown.framesCarried() / Math.max(1, shown.framesReceived())));
        }
        if (sink.failedClosed() > 0) {
            line.append("  failed closed ").append(sink.failedClosed());
        }
        if (source.framesLostToDamage() > 0) {
            line.append("  lost to damage ").append(source.framesLostToDamage());
        }
        if (source.readErrors() > 0) {
            line.append("  input errors ").append(source.readErrors());
        }
        return line.toString();
    }

    /**
     * The line that says the run could not keep up with its video, when it could not: played live, the viewer then
     * falls further behind, and a live stream loses its oldest frames.
     */
    Optional<String> slowerThanRealTime(SinkStats sink, boolean cpuLineAbove) {
        double fps = sink.framesPerSecondAfterFirst();
        if (frameRate <= 0 || sink.frames() < MIN_FRAMES_FOR_RATE || fps >= REAL_TIME_SHARE * frameRate) {
            return Optional.empty();
        }
        return Optional.of(String.format(Locale.ROOT, "Slower than real time: %.1f frames/s after start-up against the"
                + " video's %.1f. Played live, the viewer falls behind; a live stream at this speed loses its oldest"
                + " frames. %s", fps, frameRate, cpuLineAbove ? "The CPU line above says which part took the time."
                : "docs/benchmarks.md says where a frame's time goes."));
    }

    /** How many frames damage cost, in words. */
    static String lostToDamage(SourceStats read) {
        long lost = read.framesLostToDamage();
        return lost > 0 ? lost + " of its frames lost" : "an unknown number of its frames lost (its end could not"
                + " be read)";
    }

    /** @param cpu the run's CPU a frame by part ({@link FrameCpu#line}), printed after the frame count */
    void finish(SourceStats source, SinkStats sink, double seconds, boolean stoppedEarly, Optional<String> cpu) {
        String ended = stoppedEarly ? "Stopped" : "Done";
        if (sink.frames() == 0) {
            out.printf(Locale.ROOT, "%s: no frame in %.1f s%n", ended, seconds);
        } else {
            double startUp = (sink.firstNanos() - startedNanos) / 1e9;
            out.printf(Locale.ROOT, "%s: %d frames in %.1f s, %.1f fps after start-up (the first frame was out"
                            + " %.1f s after the start), %d faces anonymized, %d frames failed closed%n",
                    ended, sink.frames(), seconds, sink.framesPerSecondAfterFirst(), startUp, sink.faces(),
                    sink.failedClosed());
            cpu.ifPresent(out::println);
            slowerThanRealTime(sink, cpu.isPresent()).ifPresent(out::println);
        }
        if (source.decodeErrors() > 0 || source.framesLostToDamage() > 0) {
            out.println("Damaged input: " + lostToDamage(source) + " (skipped as damaged, or never"
                    + " decoded); see the warnings above.");
        }
        if (source.readErrors() > 0) {
            out.println("The input had " + source.readErrors() + " read error(s); see the log above.");
        }
    }
}
