package dev.veil.source;

/**
 * Counters of a running source, for logs and progress lines.
 *
 * @param decoded      frames decoded and queued
 * @param emitted      frames handed to Numaflow in read responses
 * @param acknowledged frames Numaflow acknowledged
 * @param queued       frames decoded and waiting for a read
 * @param readErrors   inputs that failed while being read (corrupt or truncated file, lost stream)
 * @param declaredFrames frames the input says it has (0 when unknown, e.g. a live stream)
 * @param finished     the input is done and nothing more will be emitted
 */
public record SourceStats(long decoded, long emitted, long acknowledged, int queued, long readErrors,
                          long declaredFrames, boolean finished) {
}
