package dev.veil.source;

/**
 * Holds frames back until their presentation time, so a file plays at the speed it was recorded, like a
 * camera would deliver it. When the pipeline is behind (backpressure), it re-anchors instead of bursting to
 * catch up.
 */
final class Pacer {

    /** Later than this, a frame is sent at once and the clock restarts from it. */
    private static final long MAX_LATENESS_NANOS = 250_000_000L;

    private final NanoClock clock;
    private long anchorNanos;
    private long anchorPtsMicros;
    private boolean anchored;

    interface NanoClock {
        long nanoTime();

        void sleepNanos(long nanos) throws InterruptedException;
    }

    static final NanoClock SYSTEM = new NanoClock() {
        @Override
        public long nanoTime() {
            return System.nanoTime();
        }

        @Override
        public void sleepNanos(long nanos) throws InterruptedException {
            Thread.sleep(nanos / 1_000_000L, (int) (nanos % 1_000_000L));
        }
    };

    Pacer(NanoClock clock) {
        this.clock = clock;
    }

    /** Waits until the frame with this presentation time is due. */
    void await(long ptsMicros) throws InterruptedException {
        long now = clock.nanoTime();
        if (!anchored || ptsMicros < anchorPtsMicros) {
            reanchor(now, ptsMicros);
            return;
        }
        long due = anchorNanos + (ptsMicros - anchorPtsMicros) * 1_000L;
        long wait = due - now;
        if (wait > 0) {
            clock.sleepNanos(wait);
        } else if (-wait > MAX_LATENESS_NANOS) {
            reanchor(now, ptsMicros);
        }
    }

    private void reanchor(long nowNanos, long ptsMicros) {
        anchorNanos = nowNanos;
        anchorPtsMicros = ptsMicros;
        anchored = true;
    }
}
