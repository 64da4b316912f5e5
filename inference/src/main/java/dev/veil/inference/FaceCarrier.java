package dev.veil.inference;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Decides, per stream, which frames the detector runs on, and gives the others the faces of the stream's last
 * detection carried forward ({@link FaceMotion}). A frame is detected when its stream has no usable detection:
 * none yet, the last one failed, it is {@code every} or more frames old, or it belongs to a later frame (a
 * restarted stream, or frames handled out of order). Faces are therefore never carried from a failed detection,
 * never backwards, and never further than {@code every - 1} frames. Thread-safe.
 */
final class FaceCarrier {

    /** Faces carried to a frame from the detection {@code frames} earlier. */
    record Carried(List<Face> faces, int frames) {
    }

    private record Detected(long sequence, List<Face> faces) {
    }

    /** The two last detections of a stream: the motion is measured between them. */
    private record History(Detected previous, Detected last) {
    }

    /** Streams remembered; beyond it the least recently seen is forgotten (its next frame is detected). */
    static final int MAX_STREAMS = 1024;

    private final int every;
    private final Map<String, History> streams = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, History> eldest) {
            return size() > MAX_STREAMS;
        }
    };

    FaceCarrier(DetectionCadence cadence) {
        this.every = cadence.every();
    }

    /** The faces this frame carries, or empty when the detector must run on it. */
    synchronized Optional<Carried> carry(String stream, long sequence) {
        if (every <= 1) {
            return Optional.empty();
        }
        History history = streams.get(stream);
        if (history == null) {
            return Optional.empty();
        }
        long age = sequence - history.last().sequence();
        if (age <= 0 || age >= every) {
            return Optional.empty();
        }
        Detected previous = history.previous();
        return Optional.of(new Carried(FaceMotion.carry(history.last().faces(),
                previous == null ? null : previous.faces(),
                previous == null ? 0 : history.last().sequence() - previous.sequence(), age), (int) age));
    }

    /** The detector found {@code faces} in this frame. */
    synchronized void detected(String stream, long sequence, List<Face> faces) {
        if (every <= 1) {
            return;
        }
        History history = streams.get(stream);
        Detected now = new Detected(sequence, List.copyOf(faces));
        if (history == null || sequence < history.last().sequence()) {
            // First detection, or the stream counts again (restart), or an older frame finished late: start over.
            streams.put(stream, new History(null, now));
        } else if (sequence > history.last().sequence()) {
            streams.put(stream, new History(history.last(), now));
        }
    }

    /** Detection failed on a frame of this stream: nothing is carried until the detector succeeds again. */
    synchronized void failed(String stream) {
        streams.remove(stream);
    }
}
