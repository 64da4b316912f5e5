package dev.veil.display;

import dev.veil.frame.v1.Frame;
import java.util.concurrent.atomic.AtomicInteger;

/** One stream on the display: its ordering, its current picture and its stats. Thread-safe. */
final class DisplayedStream {

    /** What became of an offered frame. */
    enum Outcome { SHOWN, LATE }

    private final String id;
    private final SequenceGate gate = new SequenceGate();
    private final LatestFrame latest = new LatestFrame();
    private final StreamStats stats = new StreamStats();
    private final AtomicInteger viewers = new AtomicInteger();

    DisplayedStream(String id) {
        this.id = id;
    }

    String id() {
        return id;
    }

    LatestFrame latest() {
        return latest;
    }

    /** Takes a valid frame of this stream that arrived at {@code ingestMicros}. */
    Outcome offer(Frame frame, long ingestMicros) {
        // One lock around ordering and publishing, so two concurrent ingests cannot publish out of order.
        synchronized (this) {
            stats.recordReceived(frame, ingestMicros);
            if (!gate.admit(frame.getSequence())) {
                stats.recordLate();
                return Outcome.LATE;
            }
            stats.recordShown(frame.getSequence(), ingestMicros);
            latest.publish(frame.getSequence(), frame.getJpeg().toByteArray());
            return Outcome.SHOWN;
        }
    }

    void viewerJoined() {
        viewers.incrementAndGet();
    }

    void viewerLeft() {
        viewers.decrementAndGet();
    }

    StreamSnapshot snapshot(long nowMicros) {
        return stats.snapshot(id, viewers.get(), nowMicros);
    }

    void close() {
        latest.close();
    }
}
