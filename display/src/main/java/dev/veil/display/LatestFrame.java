package dev.veil.display;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The picture a stream shows now. Ingest replaces it and wakes the viewers; each viewer waits for a version newer
 * than the one it last wrote. There is no queue per viewer, so a slow viewer skips frames instead of slowing
 * ingest or anyone else.
 */
final class LatestFrame {

    /** One shown picture; {@code version} counts publications from 1. */
    record Shown(long version, long sequence, ShownPicture picture) {

        /** The picture as viewers receive it (encoded on the first call when it was handed over as pixels). */
        byte[] jpeg() {
            return picture.jpeg();
        }
    }

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private Shown current;
    private boolean closed;

    void publish(long sequence, ShownPicture picture) {
        lock.lock();
        try {
            current = new Shown(current == null ? 1 : current.version() + 1, sequence, picture);
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    Optional<Shown> current() {
        lock.lock();
        try {
            return Optional.ofNullable(current);
        } finally {
            lock.unlock();
        }
    }

    /**
     * The latest picture once its version is above {@code seenVersion}; empty when {@code timeout} passes first or
     * the stream is closed.
     */
    Optional<Shown> awaitNewerThan(long seenVersion, Duration timeout) throws InterruptedException {
        long nanos = timeout.toNanos();
        lock.lock();
        try {
            while (!closed && (current == null || current.version() <= seenVersion)) {
                if (nanos <= 0) {
                    return Optional.empty();
                }
                nanos = changed.awaitNanos(nanos);
            }
            return closed ? Optional.empty() : Optional.of(current);
        } finally {
            lock.unlock();
        }
    }

    boolean closed() {
        lock.lock();
        try {
            return closed;
        } finally {
            lock.unlock();
        }
    }

    /** Wakes every waiting viewer for good (server shutdown). */
    void close() {
        lock.lock();
        try {
            closed = true;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }
}
