package dev.veil.display;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.Condition;
import java.util.function.Consumer;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The streams the display has seen. Only ingest creates one (a viewer asking for an unknown name must not), and
 * their number is bounded: stream ids come from the network.
 */
final class StreamRegistry implements AutoCloseable {

    private final int maxStreams;
    private final int reorderFrames;
    private final long reorderWaitMicros;
    private final Map<String, DisplayedStream> streams = new ConcurrentHashMap<>();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition added = lock.newCondition();
    private boolean closed;

    StreamRegistry(int maxStreams, int reorderFrames, long reorderWaitMicros) {
        this.maxStreams = maxStreams;
        this.reorderFrames = reorderFrames;
        this.reorderWaitMicros = reorderWaitMicros;
    }

    /** The stream with this id, created on its first frame; empty when the registry is full or closed. */
    Optional<DisplayedStream> forIngest(String id) {
        DisplayedStream existing = streams.get(id);
        if (existing != null) {
            return Optional.of(existing);
        }
        lock.lock();
        try {
            if (closed) {
                return Optional.empty();
            }
            existing = streams.get(id);
            if (existing != null) {
                return Optional.of(existing);
            }
            if (streams.size() >= maxStreams) {
                return Optional.empty();
            }
            DisplayedStream created = new DisplayedStream(id, reorderFrames, reorderWaitMicros);
            streams.put(id, created);
            added.signalAll();
            return Optional.of(created);
        } finally {
            lock.unlock();
        }
    }

    Optional<DisplayedStream> find(String id) {
        return Optional.ofNullable(streams.get(id));
    }

    /** The stream once its first frame has arrived, waiting up to {@code timeout} for it. */
    Optional<DisplayedStream> await(String id, Duration timeout) throws InterruptedException {
        long nanos = timeout.toNanos();
        lock.lock();
        try {
            DisplayedStream stream;
            while ((stream = streams.get(id)) == null && !closed) {
                if (nanos <= 0) {
                    return Optional.empty();
                }
                nanos = added.awaitNanos(nanos);
            }
            return closed ? Optional.empty() : Optional.of(stream);
        } finally {
            lock.unlock();
        }
    }

    /** All streams, sorted by id so pages and JSON are stable. */
    List<DisplayedStream> all() {
        List<DisplayedStream> list = new ArrayList<>(streams.values());
        list.sort(Comparator.comparing(DisplayedStream::id));
        return list;
    }

    /** Runs {@code action} on every stream, in no particular order, without copying or sorting. */
    void forEach(Consumer<DisplayedStream> action) {
        streams.values().forEach(action);
    }

    /** Wakes every waiting viewer so the server can stop. */
    @Override
    public void close() {
        lock.lock();
        try {
            closed = true;
            added.signalAll();
        } finally {
            lock.unlock();
        }
        streams.values().forEach(DisplayedStream::close);
    }
}
