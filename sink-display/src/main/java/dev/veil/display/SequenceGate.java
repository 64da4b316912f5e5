package dev.veil.display;

/**
 * Decides which frames of one stream are shown: today, only a frame newer than the newest shown (a lower or equal
 * sequence arrives late, or again after a redelivery, and would make the picture jump back).
 *
 * <p>This is the one place that knows about ordering, so a small reorder window can replace it: hold up to N
 * frames, release them in sequence order, and call a frame late only when it falls behind the window. Not
 * thread-safe; {@link DisplayedStream} serializes calls.
 */
final class SequenceGate {

    private boolean any;
    private long newestShown;

    /** True when the frame should be shown; false when it is late. */
    boolean admit(long sequence) {
        // The wire type is uint64: compare as unsigned so a huge sequence is not taken for a negative one.
        if (any && Long.compareUnsigned(sequence, newestShown) <= 0) {
            return false;
        }
        any = true;
        newestShown = sequence;
        return true;
    }
}
