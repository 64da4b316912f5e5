package dev.veil.sink;

/**
 * Counters of the sink vertex.
 *
 * @param frames         frames (messages, in the cluster) handled
 * @param faces          faces anonymized
 * @param failedClosed   frames whose faces were unknown (obscured whole or dropped), or that could not be treated
 * @param invalid        messages dropped because nothing in them could be shown: not a valid frame, or a picture
 *                       that does not decode
 * @param displayed      frames the display server accepted
 * @param postFailures   frames the display server did not accept (answered to Numaflow as failures, retried)
 * @param written        pictures written to the output file or segments
 * @param archiveErrors  pictures that could not be written to the output file or segments
 * @param firstNanos     {@link System#nanoTime()} when the first message was handled; 0 before
 * @param lastNanos      same, for the latest message
 */
public record SinkStats(long frames, long faces, long failedClosed, long invalid, long displayed,
                        long postFailures, long written, long archiveErrors, long firstNanos, long lastNanos) {

    /**
     * Messages per second from the first to the latest handled (their first one excluded): the pipeline's rate
     * once it runs, without its start-up (model loading, opening the input, the first frame's trip); 0 before two.
     */
    public double framesPerSecondAfterFirst() {
        return frames < 2 || lastNanos <= firstNanos ? 0 : (frames - 1) * 1e9 / (lastNanos - firstNanos);
    }
}
