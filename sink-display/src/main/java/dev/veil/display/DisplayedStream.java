package dev.veil.display;

import dev.veil.frame.v1.Frame;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/** One stream on the display: its ordering, its current picture and its stats. Thread-safe. */
final class DisplayedStream {

    private final String id;
    private final ReorderWindow<Frame> order;
    private final LatestFrame latest = new LatestFrame();
    private final StreamStats stats = new StreamStats();
    private final AtomicInteger viewers = new AtomicInteger();

    DisplayedStream(String id, int reorderFrames, long reorderWaitMicros) {
        this.id = id;
        this.order = new ReorderWindow<>(reorderFrames, reorderWaitMicros);
    }

    String id() {
        return id;
    }

    LatestFrame latest() {
        return latest;
    }

    /** Takes a valid frame of this stream that arrived at {@code nowMicros}; {@code anonymization} as its sender said. */
    ReorderWindow.Verdict offer(Frame frame, String anonymization, long nowMicros) {
        // One lock around ordering and publishing, so two concurrent ingests cannot publish out of order.
        synchronized (this) {
            stats.recordReceived(frame, anonymization, nowMicros);
            ReorderWindow.Offer<Frame> offer = order.offer(frame.getSequence(), frame.getCaptureTimeMicros(), frame,
                    nowMicros);
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

    private void show(List<ReorderWindow.Released<Frame>> released, long nowMicros) {
        for (ReorderWindow.Released<Frame> r : released) {
            stats.recordShown(r.item(), r.missingBefore(), nowMicros);
            latest.publish(r.sequence(), r.item().getJpeg().toByteArray());
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
