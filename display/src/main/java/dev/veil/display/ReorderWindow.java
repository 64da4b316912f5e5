package dev.veil.display;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Puts one stream's frames back in sequence order. Map vertices with several replicas deliver frames out of order;
 * a frame that arrives ahead of a missing one is held until the missing one comes, but never more than
 * {@code maxFrames} frames and never longer than {@code maxWaitMicros}: then the gap is given up (the missing
 * frames count as missing) and the held frames go on. A frame that arrives after its place was given up, or
 * after a later frame was shown, or twice, is late and is not shown.
 *
 * <p>A stream that starts again (its source restarted) counts from 0 again. Its first frames have lower sequences
 * than what was shown, but later capture times, which a late frame never has: that is how a restart is told from
 * lateness, so the picture never freezes until the new sequence catches up with the old one.
 *
 * <p>A sequence that jumps more than {@link #MAX_SEQUENCE_JUMP} away from the last one, ahead or back, is a restart
 * too: no stream skips that many frames and goes on, so either the stream started again or the frame is forged,
 * and in both cases counting starts again from it. A forged frame with a huge sequence is then shown once, instead
 * of making every real frame after it look late; the next real frame jumps back and restarts the window again.
 *
 * <p>Sequences are unsigned (uint64 on the wire). Times are passed in, so the logic can be checked exactly. Not
 * thread-safe: {@link DisplayedStream} serializes calls.
 *
 * @param <T> what is held with each sequence (the frame)
 */
final class ReorderWindow<T> {

    /** A frame that leaves the window, in order, and how many sequence numbers were skipped just before it. */
    record Released<T>(long sequence, T item, long missingBefore) {
    }

    /** What became of an offered frame, and what the window released because of it. */
    record Offer<T>(Verdict verdict, List<Released<T>> released) {
    }

    enum Verdict {
        /** In the window (released at once, or held for an earlier one). */
        ACCEPTED,
        /** Too late, or a duplicate: dropped. */
        LATE,
        /** The first frame of a restarted stream: what was held is released, and counting starts again. */
        RESTARTED
    }

    private record Held<T>(long sequence, long captureMicros, T item, long arrivalMicros) {
    }

    /** About 36 minutes of 30 fps video: a larger gap is not frames lost on the way. */
    static final long MAX_SEQUENCE_JUMP = 1L << 16;

    private final int maxFrames;
    private final long maxWaitMicros;
    private final TreeMap<Long, Held<T>> held = new TreeMap<>(Long::compareUnsigned);
    private boolean started;
    private long lastSequence;
    private long lastCaptureMicros;

    /**
     * @param maxFrames     most frames held waiting for an earlier one; 0 shows every frame as it comes, dropping
     *                      only those older than the last shown
     * @param maxWaitMicros longest a frame is held waiting for an earlier one
     */
    ReorderWindow(int maxFrames, long maxWaitMicros) {
        if (maxFrames < 0 || maxWaitMicros < 0) {
            throw new IllegalArgumentException("window must not be negative");
        }
        this.maxFrames = maxFrames;
        this.maxWaitMicros = maxWaitMicros;
    }

    Offer<T> offer(long sequence, long captureMicros, T item, long nowMicros) {
        List<Released<T>> released = new ArrayList<>();
        Verdict verdict = Verdict.ACCEPTED;
        if (restarted(sequence, captureMicros)) {
            while (!held.isEmpty()) {
                released.add(release(held.pollFirstEntry().getValue()));
            }
            started = false;
            verdict = Verdict.RESTARTED;
        } else if ((started && Long.compareUnsigned(sequence, lastSequence) <= 0) || held.containsKey(sequence)) {
            return new Offer<>(Verdict.LATE, List.of());
        }
        held.put(sequence, new Held<>(sequence, captureMicros, item, nowMicros));
        drain(nowMicros, released);
        return new Offer<>(verdict, released);
    }

    /** Releases what has waited long enough; call it regularly, as no frame may come to push them out. */
    List<Released<T>> releaseDue(long nowMicros) {
        if (held.isEmpty()) {
            return List.of();
        }
        List<Released<T>> released = new ArrayList<>();
        drain(nowMicros, released);
        return released;
    }

    int holding() {
        return held.size();
    }

    /**
     * Behind what was shown or held, yet captured after it, or a jump too far either way: the stream counts from
     * the start again.
     */
    private boolean restarted(long sequence, long captureMicros) {
        if (started && (jumps(sequence, lastSequence)
                || (Long.compareUnsigned(sequence, lastSequence) <= 0 && captureMicros > lastCaptureMicros))) {
            return true;
        }
        Map.Entry<Long, Held<T>> newest = held.lastEntry();
        return newest != null && (jumps(sequence, newest.getKey())
                || (Long.compareUnsigned(sequence, newest.getKey()) < 0
                        && captureMicros > newest.getValue().captureMicros()));
    }

    /** Whether two unsigned sequences are more than {@link #MAX_SEQUENCE_JUMP} apart. */
    static boolean jumps(long sequence, long from) {
        long distance = Long.compareUnsigned(sequence, from) >= 0 ? sequence - from : from - sequence;
        return Long.compareUnsigned(distance, MAX_SEQUENCE_JUMP) > 0;
    }

    private void drain(long nowMicros, List<Released<T>> released) {
        while (!held.isEmpty()) {
            Held<T> first = held.firstEntry().getValue();
            boolean next = started && first.sequence() == lastSequence + 1;
            if (next || held.size() > maxFrames || nowMicros - first.arrivalMicros() >= maxWaitMicros) {
                held.pollFirstEntry();
                released.add(release(first));
            } else {
                return;
            }
        }
    }

    private Released<T> release(Held<T> frame) {
        long missing = started ? frame.sequence() - lastSequence - 1 : 0;
        started = true;
        lastSequence = frame.sequence();
        lastCaptureMicros = frame.captureMicros();
        return new Released<>(frame.sequence(), frame.item(), missing);
    }
}
