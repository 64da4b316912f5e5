package dev.veil.display;

import dev.veil.frame.v1.Frame;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/** One stream on the display: its ordering, its current picture and its stats. Thread-safe. */
final class DisplayedStream {

    private final String id;
    /** A frame as received and the picture it shows (its own, or the display's obscured one). */
    private record Arrived(Frame frame, ShownPicture picture) {
    }

    private final ReorderWindow<Arrived> order;
    private final LatestFrame latest = new LatestFrame();
    private final StreamStats stats = new StreamStats();
    private final AtomicInteger viewers = new AtomicInteger();
    private volatile long lastIngestMicros;

    DisplayedStream(String id, int reorderFrames, long reorderWaitMicros, long createdMicros) {
        this.id = id;
        this.order = new ReorderWindow<>(reorderFrames, reorderWaitMicros);
        this.lastIngestMicros = createdMicros;
    }

    String id() {
        return id;
    }

    LatestFrame latest() {
        return latest;
    }

    /** When the stream last received a frame (or was created), in microseconds since the epoch. */
    long lastIngestMicros() {
        return lastIngestMicros;
    }

    /**
     * Takes a valid frame of this stream that arrived at {@code nowMicros}.
     *
     * @param frame         the frame as received (its picture, if any, is not used)
     * @param faces         how many faces it has (a frame from this process has no list of them)
     * @param shown         the picture to show: its own, or the display's obscured one
     * @param obscured      true when {@code shown} is the display's obscured picture
     * @param anonymization the mode its sender named
     */
    ReorderWindow.Verdict offer(Frame frame, int faces, ShownPicture shown, boolean obscured, String anonymization,
                                long nowMicros) {
        // One lock around ordering and publishing, so two concurrent ingests cannot publish out of order.
        synchronized (this) {
            lastIngestMicros = nowMicros;
            stats.recordReceived(frame, faces, anonymization, obscured, nowMicros);
            // Ordered by when it was captured, but never later than now: a capture time from the future would make
            // every real frame after it look late.
            long orderMicros = Math.min(frame.getCaptureTimeMicros(), nowMicros);
            ReorderWindow.Offer<Arrived> offer = order.offer(frame.getSequence(), orderMicros,
                    new Arrived(frame, shown), nowMicros);
            switch (offer.verdict()) {
                case LATE -> stats.recordLate();
                case RESTARTED -> stats.recordRestart();
                default -> { }
            }
            show(offer.released(), nowMicros);
            return offer.verdict();
        }
    }

    /** Shows the frames that have waited in the reorder window long enough. */
    void releaseDue(long nowMicros) {
        synchronized (this) {
            show(order.releaseDue(nowMicros), nowMicros);
        }
    }

    private void show(List<ReorderWindow.Released<Arrived>> released, long nowMicros) {
        for (ReorderWindow.Released<Arrived> r : released) {
            stats.recordShown(r.item().frame(), r.missingBefore(), nowMicros);
            latest.publish(r.sequence(), r.item().picture());
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
