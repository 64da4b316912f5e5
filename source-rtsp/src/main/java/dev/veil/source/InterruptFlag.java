package dev.veil.source;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVIOInterruptCB;
import org.bytedeco.javacpp.LongPointer;
import org.bytedeco.javacpp.Pointer;

/**
 * Makes FFmpeg's blocking calls on one input (open, read) give up: at once when the source closes, or when a
 * deadline passes (the open timeout; for live streams, no picture within the stall timeout). FFmpeg polls the
 * flag through its interrupt callback while it waits on the network.
 */
final class InterruptFlag implements AutoCloseable {

    private static final long NO_DEADLINE = Long.MAX_VALUE;
    private static final Map<Long, InterruptFlag> FLAGS = new ConcurrentHashMap<>();

    // One native callback for all inputs (JavaCPP callbacks are a scarce resource); the opaque pointer's
    // address says which input FFmpeg is asking about.
    private static final AVIOInterruptCB.Callback_Pointer CALLBACK = new AVIOInterruptCB.Callback_Pointer() {
        @Override
        public int call(Pointer opaque) {
            InterruptFlag flag = opaque == null ? null : FLAGS.get(opaque.address());
            return flag != null && flag.raised() ? 1 : 0;
        }
    };

    private final LongPointer key = new LongPointer(1);
    private volatile long deadlineNanos = NO_DEADLINE;
    private volatile boolean aborted;
    private volatile boolean deadlinePassed;

    InterruptFlag() {
        FLAGS.put(key.address(), this);
    }

    void attachTo(AVFormatContext format) {
        format.interrupt_callback().callback(CALLBACK).opaque(key);
    }

    /** FFmpeg gives up once {@code timeoutNanos} from {@code fromNanos} (System.nanoTime) have passed. */
    void deadline(long fromNanos, long timeoutNanos) {
        deadlinePassed = false;
        deadlineNanos = fromNanos + timeoutNanos;
    }

    void noDeadline() {
        deadlinePassed = false;
        deadlineNanos = NO_DEADLINE;
    }

    /** FFmpeg gives up now and for good: the source is closing. */
    void abort() {
        aborted = true;
    }

    boolean aborted() {
        return aborted;
    }

    /** The last call gave up because the deadline passed. */
    boolean deadlinePassed() {
        return deadlinePassed;
    }

    private boolean raised() {
        if (aborted) {
            return true;
        }
        long deadline = deadlineNanos;
        if (deadline != NO_DEADLINE && System.nanoTime() - deadline > 0) {
            deadlinePassed = true;
            return true;
        }
        return false;
    }

    @Override
    public void close() {
        FLAGS.remove(key.address());
        key.close();
    }
}
