package dev.veil.display;

/**
 * Latency of one kind: percentiles over the last {@code samples} frames, and the count and sum since start (what a
 * Prometheus summary carries besides its quantiles), in milliseconds.
 */
public record LatencySummary(int samples, double p50Millis, double p99Millis, long count, double sumMillis) {
}
