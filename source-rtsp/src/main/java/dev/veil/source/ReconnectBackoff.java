package dev.veil.source;

import java.time.Duration;
import java.util.function.DoubleSupplier;

/**
 * Waits between attempts to reopen a lost stream: exponential (the ceiling doubles from {@code min} up to
 * {@code max}) with "equal jitter" (a wait is uniformly between half the ceiling and the ceiling), so that
 * many sources that lost the same server do not knock on it in step, and none waits less than half of min.
 * Not thread-safe: one stream's decoder thread owns it.
 */
final class ReconnectBackoff {

    private final long minNanos;
    private final long maxNanos;
    private final DoubleSupplier random;
    private int failures;

    /** @param random uniform values in [0, 1), e.g. {@code new Random(seed)::nextDouble} */
    ReconnectBackoff(Duration min, Duration max, DoubleSupplier random) {
        if (min.isNegative() || min.isZero() || max.compareTo(min) < 0) {
            throw new IllegalArgumentException("backoff needs 0 < min <= max, got " + min + ", " + max);
        }
        this.minNanos = min.toNanos();
        this.maxNanos = max.toNanos();
        this.random = random;
    }

    /** The wait before the next attempt; each call counts one more failure. */
    Duration next() {
        long ceiling = ceilingNanos(failures);
        failures++;
        long half = ceiling / 2;
        return Duration.ofNanos(half + (long) (random.getAsDouble() * (ceiling - half)));
    }

    /** Attempts that failed since the last {@link #reset()}. */
    int failures() {
        return failures;
    }

    /** The stream works again: the next loss starts from the shortest wait. */
    void reset() {
        failures = 0;
    }

    private long ceilingNanos(int failuresSoFar) {
        long ceiling = minNanos;
        for (int i = 0; i < failuresSoFar && ceiling < maxNanos; i++) {
            ceiling = ceiling > maxNanos / 2 ? maxNanos : ceiling * 2;
        }
        return Math.min(ceiling, maxNanos);
    }
}
