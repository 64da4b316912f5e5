package dev.veil.sink;

/**
 * Whether a frame of one stream goes into its video file: only a frame after the last one written, so a frame
 * Numaflow retries is not written twice and the video never goes back in time. A frame with a lower sequence but
 * a later capture time is no retry: its stream restarted (the source counts from 0 again). Not thread-safe.
 */
final class WriteOrder {

    enum Verdict {
        /** After the last frame written: write it. */
        NEXT,
        /** The stream started again: finish what was written before, then write it. */
        RESTARTED,
        /** Written already (a retry), or overtaken by a later frame (out of order): skip it. */
        BEHIND
    }

    private boolean any;
    private long lastSequence;
    private long lastCaptureMicros;

    Verdict check(long sequence, long captureMicros) {
        if (!any || Long.compareUnsigned(sequence, lastSequence) > 0) {
            return Verdict.NEXT;
        }
        return captureMicros > lastCaptureMicros ? Verdict.RESTARTED : Verdict.BEHIND;
    }

    void written(long sequence, long captureMicros) {
        any = true;
        lastSequence = sequence;
        lastCaptureMicros = captureMicros;
    }
}
