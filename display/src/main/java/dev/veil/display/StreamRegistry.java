package dev.veil.display;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * The streams the display has seen. Only ingest creates one (a viewer asking for an unknown name must not), their
 * number is bounded (stream ids come from the network), and a stream that has sent nothing for the idle expiry is
 * forgotten, so ids that stop coming cannot keep a new camera out.
 */
final class StreamRegistry implements AutoCloseable {

    private final int maxStreams;
    private final int reorderFrames;
    private final long reorderWaitMicros;
    private final long idleExpiryMicros;
    private final Map<String, DisplayedStream> streams = new ConcurrentHashMap<>();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition added = lock.newCondition();
    private boolean closed;

    StreamRegistry(int maxStreams, int reorderFrames, long reorderWaitMicros, Duration idleExpiry) {
        this.maxStreams = maxStreams;
        this.reorderFrames = reorderFrames;
        this.reorderWaitMicros = reorderWaitMicros;
        this.idleExpiryMicros = idleExpiry.toNanos() / 1_000;
    }

    int maxStreams() {
        return maxStreams;
    }

    /**
     * The stream with this id, created on its first frame (at {@code nowMicros}); empty when the registry is
     * closed, or full even after forgetting the streams idle for the expiry.
     */
    Optional<DisplayedStream> forIngest(String id, long nowMicros) {
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
                expireIdle(nowMicros);
            }
            if (streams.size() >= maxStreams) {
                return Optional.empty();
            }
            DisplayedStream created = new DisplayedStream(id, reorderFrames, reorderWaitMicros, nowMicros);
            streams.put(id, created);
            added.signalAll();
            return Optional.of(created);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Forgets the streams that have received nothing for the idle expiry; their viewers are let go.
     *
     * @return how many were forgotten
     */
    int expireIdle(long nowMicros) {
        List<DisplayedStream> expired = new ArrayList<>();
        lock.lock();
        try {
            for (DisplayedStream stream : streams.values()) {
                if (nowMicros - stream.lastIngestMicros() >= idleExpiryMicros && streams.remove(stream.id(), stream)) {
                    expired.add(stream);
                }
            }
        } finally {
            lock.unlock();
        }
        expired.forEach(DisplayedStream::close);
        return expired.size();
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
