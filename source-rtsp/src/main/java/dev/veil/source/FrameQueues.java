package dev.veil.source;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One bounded queue per stream between its decoder thread and Numaflow's reads. A file's decoder waits while
 * its queue is full (backpressure, nothing lost); a live stream's decoder drops the oldest frame instead, so
 * a slow pipeline sees recent pictures and the queue never grows. Reads take from all streams in turn.
 */
final class FrameQueues {

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition notEmpty = lock.newCondition();
    private final List<ArrayDeque<QueuedFrame>> queues = new ArrayList<>();
    private final List<Condition> notFull = new ArrayList<>();
    private final int capacity;
    private int total;
    private int nextStream;

    FrameQueues(int streams, int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1");
        }
        this.capacity = capacity;
        for (int i = 0; i < streams; i++) {
            queues.add(new ArrayDeque<>(capacity));
            notFull.add(lock.newCondition());
        }
    }

    /** Queues a file's frame, waiting while its stream's queue is full. */
    void put(QueuedFrame frame) throws InterruptedException {
        lock.lockInterruptibly();
        try {
            ArrayDeque<QueuedFrame> queue = queues.get(frame.stream());
            while (queue.size() >= capacity) {
                notFull.get(frame.stream()).await();
            }
            add(queue, frame);
        } finally {
            lock.unlock();
        }
    }

    /** Queues a live frame; when the stream's queue is full its oldest frame makes room and is returned. */
    QueuedFrame putDroppingOldest(QueuedFrame frame) {
        lock.lock();
        try {
            ArrayDeque<QueuedFrame> queue = queues.get(frame.stream());
            QueuedFrame dropped = null;
            if (queue.size() >= capacity) {
                dropped = queue.pollFirst();
                total--;
            }
            add(queue, frame);
            return dropped;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Waits up to {@code timeoutNanos} for a first frame, then takes what else is ready, up to {@code max},
     * one stream after the other so that no stream starves another.
     */
    List<QueuedFrame> take(int max, long timeoutNanos) throws InterruptedException {
        List<QueuedFrame> out = new ArrayList<>();
        lock.lockInterruptibly();
        try {
            long left = timeoutNanos;
            while (total == 0) {
                if (left <= 0) {
                    return out;
                }
                left = notEmpty.awaitNanos(left);
            }
            int streams = queues.size();
            int emptyInARow = 0;
            while (out.size() < max && total > 0 && emptyInARow < streams) {
                int s = nextStream;
                nextStream = (nextStream + 1) % streams;
                QueuedFrame frame = queues.get(s).pollFirst();
                if (frame == null) {
                    emptyInARow++;
                    continue;
                }
                emptyInARow = 0;
                total--;
                out.add(frame);
                notFull.get(s).signal();
            }
            return out;
        } finally {
            lock.unlock();
        }
    }

    /** Takes every frame left, of every stream (the source is closing). */
    List<QueuedFrame> drain() {
        List<QueuedFrame> out = new ArrayList<>();
        lock.lock();
        try {
            for (int s = 0; s < queues.size(); s++) {
                out.addAll(queues.get(s));
                queues.get(s).clear();
                notFull.get(s).signalAll();
            }
            total = 0;
            return out;
        } finally {
            lock.unlock();
        }
    }

    int size() {
        lock.lock();
        try {
            return total;
        } finally {
            lock.unlock();
        }
    }

    int size(int stream) {
        lock.lock();
        try {
            return queues.get(stream).size();
        } finally {
            lock.unlock();
        }
    }

    int capacity() {
        return capacity;
    }

    private void add(ArrayDeque<QueuedFrame> queue, QueuedFrame frame) {
        queue.addLast(frame);
        total++;
        notEmpty.signal();
    }
}
