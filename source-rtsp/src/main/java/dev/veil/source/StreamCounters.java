package dev.veil.source;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/** One stream's event counters, written by its decoder thread and by Numaflow's read and ack calls. */
final class StreamCounters {
    final AtomicLong decoded = new AtomicLong();
    final AtomicLong emitted = new AtomicLong();
    final AtomicLong acknowledged = new AtomicLong();
    final AtomicLong dropped = new AtomicLong();
    final AtomicLong readErrors = new AtomicLong();
    final AtomicLong decodeErrors = new AtomicLong();
    final AtomicLong damagedFrames = new AtomicLong();
    final AtomicLong unreadFrames = new AtomicLong();
    final AtomicLong oversizeFrames = new AtomicLong();
    final AtomicLong stalls = new AtomicLong();
    final AtomicLong reconnects = new AtomicLong();
    /** The latest failure or damage, one line without credentials; null before any. */
    final AtomicReference<String> lastProblem = new AtomicReference<>();
}
