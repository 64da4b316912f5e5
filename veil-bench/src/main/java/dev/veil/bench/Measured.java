package dev.veil.bench;

import java.util.Arrays;

/**
 * One benchmark figure: a task run in rounds after a warm-up, every item timed.
 *
 * @param name         what was measured
 * @param size         the picture size it ran at, e.g. {@code 1280x720}
 * @param items        items (frames) measured, warm-up excluded
 * @param roundFps     items per second of each round (their spread is the figure's spread)
 * @param latencyMs    each item's time, in milliseconds
 * @param cpuMsPerItem process CPU time per item, all threads, in milliseconds
 * @param peakRssBytes peak resident memory of the process while it ran (VmHWM, reset before), or -1
 * @param nativeBytes  JavaCPP native memory in use at the end, in bytes
 */
record Measured(String name, String size, long items, double[] roundFps, double[] latencyMs, double cpuMsPerItem,
                long peakRssBytes, long nativeBytes) {

    /** Items per second: the median of the rounds. */
    double fps() {
        return percentile(roundFps, 50);
    }

    double minFps() {
        return Arrays.stream(roundFps).min().orElse(0);
    }

    double maxFps() {
        return Arrays.stream(roundFps).max().orElse(0);
    }

    double p50Ms() {
        return percentile(latencyMs, 50);
    }

    double p99Ms() {
        return percentile(latencyMs, 99);
    }

    /** Nearest-rank percentile of {@code values}; 0 for none. */
    static double percentile(double[] values, double p) {
        if (values.length == 0) {
            return 0;
        }
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(p / 100 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    /** {@code median (min–max)} of the round rates, the way the tables show a rate and its spread. */
    String fpsWithSpread() {
        return roundFps.length > 1
                ? String.format("%.1f (%.1f–%.1f)", fps(), minFps(), maxFps())
                : String.format("%.1f", fps());
    }
}
