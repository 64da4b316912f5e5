package dev.veil.display;

/** Latency percentiles over the last {@code samples} frames, in milliseconds. */
public record LatencySummary(int samples, double p50Millis, double p99Millis) {
}
