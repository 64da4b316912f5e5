package dev.veil.sink;

/**
 * Counters of the sink vertex.
 *
 * @param frames         messages handled
 * @param faces          faces anonymized
 * @param failedClosed   frames whose faces were unknown, obscured whole or dropped instead of shown
 * @param invalid        messages that were not valid frames, dropped
 * @param displayed      frames the display server accepted
 * @param postFailures   frames the display server did not accept (answered to Numaflow as failures, retried)
 * @param written        frames written to the output file
 */
public record SinkStats(long frames, long faces, long failedClosed, long invalid, long displayed,
                        long postFailures, long written) {
}
