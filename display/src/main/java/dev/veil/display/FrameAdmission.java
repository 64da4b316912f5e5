package dev.veil.display;

import dev.veil.frame.JpegSize;
import dev.veil.frame.StageClock;
import dev.veil.frame.v1.DetectionStatus;
import dev.veil.frame.v1.Frame;
import java.time.Duration;
import java.util.Optional;

/**
 * What the display asks of a frame beyond {@link dev.veil.frame.FrameCodec}'s validity before it takes it, and
 * whether it may show the frame's picture as it was sent.
 */
final class FrameAdmission {

    /**
     * Most pixels of a picture: a JPEG's header may declare 16384x16384 in a few hundred bytes, and every viewer's
     * browser would decode it (about a gigabyte each). The cap every decoder of Veil keeps.
     */
    static final long MAX_PIXELS = JpegSize.MAX_PIXELS;
    /** Stream ids are names for people to read; longer ones are not names. */
    static final int MAX_STREAM_ID_CHARS = 256;
    /**
     * Most a capture time may be ahead of this clock: beyond clock skew between hosts, a frame from the future is
     * forged or from a clock gone wrong, and would hold the stream's order (its later frames would look late).
     */
    static final Duration MAX_CAPTURE_AHEAD = Duration.ofSeconds(10);

    record Refused(IngestRefusal reason, String message) {
    }

    private FrameAdmission() {
    }

    /** Why the display does not take this valid frame, arrived at {@code nowMicros}; empty when it does. */
    static Optional<Refused> check(Frame frame, long nowMicros) {
        String id = frame.getStreamId();
        if (id.length() > MAX_STREAM_ID_CHARS) {
            return Optional.of(new Refused(IngestRefusal.INVALID, "stream id is " + id.length()
                    + " characters long, more than " + MAX_STREAM_ID_CHARS));
        }
        if (NetworkText.hasUnsafeCharacters(id)) {
            // Refused rather than escaped: the id is shown on pages, in JSON and in metrics, where a bidirectional
            // control would make one stream's name read as another's.
            return Optional.of(new Refused(IngestRefusal.INVALID, "stream id " + NetworkText.escape(id)
                    + " has control or bidirectional-control characters"));
        }
        long pixels = (long) frame.getWidth() * frame.getHeight();
        if (pixels > MAX_PIXELS) {
            return Optional.of(new Refused(IngestRefusal.TOO_MANY_PIXELS, "picture " + frame.getWidth() + "x"
                    + frame.getHeight() + " has " + pixels + " pixels, more than " + MAX_PIXELS + " (8K)"));
        }
        long ahead = frame.getCaptureTimeMicros() - nowMicros;
        if (ahead > MAX_CAPTURE_AHEAD.toNanos() / 1_000) {
            return Optional.of(new Refused(IngestRefusal.IMPLAUSIBLE_TIME, "capture time "
                    + StageClock.toInstant(frame.getCaptureTimeMicros()) + " is " + (ahead / 1_000_000)
                    + " s ahead of this display's clock (more than " + MAX_CAPTURE_AHEAD.toSeconds()
                    + " s): check the source host's clock"));
        }
        return Optional.empty();
    }

    /**
     * Whether the sink marked the frame as safe to show as it is: its faces were known (detection OK, or carried
     * from a recent detection), so the sink hid them, and the sink's own stage timing is the last one (the sink
     * adds it to each frame it has made safe, and no stage comes after it). A frame from anywhere else (the source,
     * inference, a frame whose detection failed or never ran) is not shown as sent.
     */
    static boolean markedAnonymized(Frame frame) {
        boolean facesKnown = frame.getDetectionStatus() == DetectionStatus.DETECTION_STATUS_OK
                || frame.getDetectionStatus() == DetectionStatus.DETECTION_STATUS_CARRIED;
        int stages = frame.getStagesCount();
        return facesKnown && stages > 0 && StageClock.SINK.equals(frame.getStages(stages - 1).getStage());
    }
}
