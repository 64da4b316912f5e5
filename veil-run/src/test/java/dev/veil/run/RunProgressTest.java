package dev.veil.run;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.veil.sink.SinkStats;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The summary's word on speed: said when a run could not keep up with its video, and only then. */
class RunProgressTest {

    private static final long SECOND = 1_000_000_000L;

    /** {@code frames} frames, the first at 0 s and the last at {@code seconds}. */
    private static SinkStats sink(long frames, double seconds) {
        return new SinkStats(frames, 0, 0, 0, 0, 0, 0, 0, SECOND, SECOND + (long) (seconds * SECOND));
    }

    private static RunProgress progress(double frameRate) {
        return new RunProgress(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8), 0,
                frameRate, 0);
    }

    @Test
    void aRunSlowerThanItsVideoSaysSoWithBothRates() {
        // 91 frames in 6 s after the first: 15 frames/s, of a 30 frames/s video.
        assertEquals(Optional.of("Slower than real time: 15.0 frames/s after start-up against the video's 30.0."
                        + " Played live, the viewer falls behind; a live stream at this speed loses its oldest frames."
                        + " docs/benchmarks.md says where a frame's time goes."),
                progress(30).slowerThanRealTime(sink(91, 6), false));
    }

    @Test
    void aRunThatKeepsUpOrNearlySaysNothing() {
        assertEquals(Optional.empty(), progress(30).slowerThanRealTime(sink(91, 3), false), "30 frames/s");
        assertEquals(Optional.empty(), progress(30).slowerThanRealTime(sink(91, 3.1), false), "29.0: within 5%");
        assertEquals(Optional.of("Slower than real time: 28.1 frames/s after start-up against the video's 30.0."
                        + " Played live, the viewer falls behind; a live stream at this speed loses its oldest frames."
                        + " The CPU line above says which part took the time."),
                progress(30).slowerThanRealTime(sink(91, 3.2), true), "28.1: more than 5% short");
    }

    @Test
    void withoutTheVideosRateOrEnoughFramesNothingIsSaid() {
        assertEquals(Optional.empty(), progress(0).slowerThanRealTime(sink(91, 60), true), "a stream of unknown rate");
        assertEquals(Optional.empty(),
                progress(30).slowerThanRealTime(sink(RunProgress.MIN_FRAMES_FOR_RATE - 1, 60), true),
                "too few frames to tell");
    }
}
