package dev.veil.inference.tracking;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Which frames the detector searches in full and which only at its coarser scales ({@code VEIL_FULL_SEARCH_EVERY}):
 * a frame is searched coarsely when its stream's last full search was 1 to {@code fullSearchEvery - 1} frames
 * before it, else in full. A stream's first frame, and the first after it started again (its count went back), are
 * searched in full.
 *
 * <p>A full search counts from the moment it is chosen, not from when its detection ends: the next frame may be
 * chosen for while this one is still being detected (Numaflow hands a read batch's messages to threads at once,
 * and {@code veil run} starts the next frame's detection while the tracker follows this one's faces). A full
 * search that fails is taken back, so that the next frame is searched in full. At most
 * {@value FaceTracker#MAX_STREAMS} streams are remembered (the least recently seen is forgotten). Thread-safe.
 */
public final class SearchCadence {

    private final int maxAge;
    private final Map<String, Long> lastFullSearch = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Long> eldest) {
            return size() > FaceTracker.MAX_STREAMS;
        }
    };

    /** @param fullSearchEvery 1: every frame in full; N: one frame in N, the others coarsely */
    public SearchCadence(int fullSearchEvery) {
        if (fullSearchEvery < 1) {
            throw new IllegalArgumentException("a full search every " + fullSearchEvery + " frames");
        }
        this.maxAge = fullSearchEvery - 1;
    }

    /** Whether frame {@code sequence} of {@code stream} is searched coarsely; if not, it is the stream's newest full search. */
    public synchronized boolean coarse(String stream, long sequence) {
        Long last = lastFullSearch.get(stream);
        if (last != null) {
            long age = sequence - last;
            if (age >= 1 && age <= maxAge) {
                return true;
            }
        }
        lastFullSearch.put(stream, sequence);
        return false;
    }

    /** The full search of frame {@code sequence} failed: the stream's next frame is searched in full. */
    public synchronized void failed(String stream, long sequence) {
        lastFullSearch.remove(stream, sequence);
    }
}
