package dev.veil.source;

import java.util.Map;
import java.util.TreeMap;

/**
 * One stream's frames that Numaflow has read and not yet acknowledged. Acknowledgements may come in any
 * order; the stream's resume position only moves over an unbroken run of acknowledged frames, so a restart
 * never skips a frame that was read but not acknowledged.
 */
final class AckLedger {

    private static final class Entry {
        final FilePosition after;
        boolean acknowledged;

        Entry(FilePosition after) {
            this.after = after;
        }
    }

    private final TreeMap<Long, Entry> outstanding = new TreeMap<>();
    private FilePosition committed;

    /** A frame handed to Numaflow. */
    synchronized void emitted(long sequence, FilePosition after) {
        outstanding.put(sequence, new Entry(after));
    }

    /**
     * Numaflow acknowledged this frame. False when it was not outstanding (never emitted by this source, or
     * acknowledged twice).
     */
    synchronized boolean acknowledge(long sequence) {
        Entry entry = outstanding.get(sequence);
        if (entry == null || entry.acknowledged) {
            return false;
        }
        entry.acknowledged = true;
        while (!outstanding.isEmpty() && outstanding.firstEntry().getValue().acknowledged) {
            Map.Entry<Long, Entry> first = outstanding.pollFirstEntry();
            if (first.getValue().after != null) {
                committed = first.getValue().after;
            }
        }
        return true;
    }

    /** Where the stream resumes after every frame up to the first unacknowledged one; null before any. */
    synchronized FilePosition committed() {
        return committed;
    }

    /** Frames read and not yet acknowledged. */
    synchronized int outstanding() {
        return (int) outstanding.values().stream().filter(e -> !e.acknowledged).count();
    }
}
