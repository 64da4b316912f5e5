package dev.veil.display;

/**
 * Frames per second over a trailing time span: the rate between the first and the last event of the span, so a
 * stream that just started is not under-reported and one that stopped drops to 0 once the span has passed.
 * Not thread-safe.
 */
final class RateWindow {

    private final long spanMicros;
    private final long[] times;
    private int next;
    private int size;

    /** @param capacity most events remembered; at high rates the span shrinks to the last {@code capacity} events */
    RateWindow(long spanMicros, int capacity) {
        if (spanMicros <= 0 || capacity < 2) {
            throw new IllegalArgumentException("span must be positive and capacity at least 2");
        }
        this.spanMicros = spanMicros;
        this.times = new long[capacity];
    }

    void record(long timeMicros) {
        times[next] = timeMicros;
        next = (next + 1) % times.length;
        size = Math.min(size + 1, times.length);
    }

    /** Events per second among those in {@code (now - span, now]}; 0 when fewer than two. */
    double perSecond(long nowMicros) {
        long oldestKept = nowMicros - spanMicros;
        int count = 0;
        long first = Long.MAX_VALUE;
        long last = Long.MIN_VALUE;
        for (int i = 0; i < size; i++) {
            long t = times[i];
            if (t > oldestKept && t <= nowMicros) {
                count++;
                first = Math.min(first, t);
                last = Math.max(last, t);
            }
        }
        if (count < 2 || last == first) {
            return 0.0;
        }
        return (count - 1) * 1_000_000.0 / (last - first);
    }
}
