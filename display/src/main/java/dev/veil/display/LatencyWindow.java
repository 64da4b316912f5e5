package dev.veil.display;

import java.util.Arrays;

/**
 * The last {@code capacity} latency samples, in microseconds, and their percentiles; and the count and sum of
 * every sample since start. Not thread-safe.
 */
final class LatencyWindow {

    private final long[] samples;
    private int next;
    private int size;
    private long count;
    private long sumMicros;

    LatencyWindow(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be positive: " + capacity);
        }
        this.samples = new long[capacity];
    }

    void add(long micros) {
        samples[next] = micros;
        next = (next + 1) % samples.length;
        size = Math.min(size + 1, samples.length);
        count++;
        sumMicros += micros;
    }

    int size() {
        return size;
    }

    /** p50 and p99 of the samples held and the totals, in milliseconds; {@code null} when there is none yet. */
    LatencySummary summary() {
        if (size == 0) {
            return null;
        }
        long[] sorted = Arrays.copyOf(samples, size); // the first `size` slots are the filled ones
        Arrays.sort(sorted);
        return new LatencySummary(size, nearestRank(sorted, 0.50) / 1000.0, nearestRank(sorted, 0.99) / 1000.0,
                count, sumMicros / 1000.0);
    }

    /**
     * The nearest-rank percentile: the smallest sample such that at least {@code q} of all samples are at or
     * below it. It is always one of the samples, so a p99 over a handful of frames is the worst one, not an
     * interpolation between two.
     */
    static long nearestRank(long[] sortedAscending, double q) {
        if (sortedAscending.length == 0) {
            throw new IllegalArgumentException("no samples");
        }
        if (!(q > 0 && q <= 1)) {
            throw new IllegalArgumentException("quantile must be in (0, 1]: " + q);
        }
        int rank = (int) Math.ceil(q * sortedAscending.length);
        return sortedAscending[Math.max(rank, 1) - 1];
    }
}
