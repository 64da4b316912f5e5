package dev.veil.frame;

import dev.veil.frame.v1.StageTiming;
import java.time.Instant;

/** Wall-clock stamps in the units the wire format uses (microseconds since the Unix epoch). */
public final class StageClock {

    public static final String SOURCE = "source";
    public static final String RESIZE = "resize";
    public static final String INFERENCE = "inference";
    public static final String SINK = "sink";

    private StageClock() {
    }

    public static long nowMicros() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000L;
    }

    /** A timing entry for a stage that started at {@code startMicros} and ends now. */
    public static StageTiming stage(String name, long startMicros) {
        return StageTiming.newBuilder().setStage(name).setStartMicros(startMicros).setEndMicros(nowMicros()).build();
    }

    public static Instant toInstant(long epochMicros) {
        return Instant.ofEpochSecond(Math.floorDiv(epochMicros, 1_000_000L), Math.floorMod(epochMicros, 1_000_000L) * 1_000L);
    }
}
