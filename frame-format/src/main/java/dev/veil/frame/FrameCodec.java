package dev.veil.frame;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.veil.frame.v1.Detection;
import dev.veil.frame.v1.DetectionStatus;
import dev.veil.frame.v1.Frame;
import dev.veil.frame.v1.Point;

/**
 * Turns bytes from a Numaflow message into a {@link Frame} that every later stage can trust: it parses, has a
 * stream, a JPEG whose header agrees with the declared size, and detections inside the frame. Anything else
 * is refused with an {@link InvalidFrameException} that names the problem; it never throws anything else.
 */
public final class FrameCodec {

    /** Larger than any real camera (16K); a bigger declared size is garbage, not video. */
    public static final int MAX_DIMENSION = 16_384;
    /** Faces are carried a few frames at most (the inference vertex detects at least every 10th frame). */
    public static final int MAX_CARRIED_FRAMES = 64;
    /** Faces are held a short time at most after the detector last found them (the inference vertex: 2 s at 60 fps). */
    public static final int MAX_HELD_FRAMES = 120;

    private FrameCodec() {
    }

    public static Frame decode(byte[] bytes) throws InvalidFrameException {
        if (bytes == null || bytes.length == 0) {
            throw new InvalidFrameException("empty message: expected a Veil frame");
        }
        Frame frame;
        try {
            frame = Frame.parseFrom(bytes);
        } catch (InvalidProtocolBufferException e) {
            throw new InvalidFrameException("not a Veil frame (" + bytes.length + " bytes that do not parse): "
                    + e.getMessage(), e);
        }
        validate(frame);
        return frame;
    }

    /** Validates and serializes; a stage never emits a frame the next stage would refuse. */
    public static byte[] encode(Frame frame) throws InvalidFrameException {
        validate(frame);
        return frame.toByteArray();
    }

    public static void validate(Frame frame) throws InvalidFrameException {
        if (frame.getStreamId().isBlank()) {
            throw new InvalidFrameException("frame has no stream id");
        }
        String where = "frame " + frame.getStreamId() + "#" + frame.getSequence();
        int width = frame.getWidth();
        int height = frame.getHeight();
        if (width <= 0 || height <= 0 || width > MAX_DIMENSION || height > MAX_DIMENSION) {
            throw new InvalidFrameException(where + " declares an impossible size " + Integer.toUnsignedString(width)
                    + "x" + Integer.toUnsignedString(height));
        }
        if (frame.getJpeg().isEmpty()) {
            throw new InvalidFrameException(where + " carries no image");
        }
        JpegSize actual;
        try {
            actual = JpegSize.of(frame.getJpeg());
        } catch (InvalidFrameException e) {
            throw new InvalidFrameException(where + ": " + e.getMessage(), e);
        }
        if (actual.width() != width || actual.height() != height) {
            throw new InvalidFrameException(where + " declares " + width + "x" + height + " but its JPEG is " + actual);
        }
        if (frame.getDetectionStatusValue() > DetectionStatus.DETECTION_STATUS_CARRIED_VALUE
                || frame.getDetectionStatusValue() < 0) {
            throw new InvalidFrameException(where + " has unknown detection status " + frame.getDetectionStatusValue());
        }
        boolean carried = frame.getDetectionStatus() == DetectionStatus.DETECTION_STATUS_CARRIED;
        if (frame.getCarriedFrames() != 0 && !carried) {
            throw new InvalidFrameException(where + " says its faces were carried " + Integer.toUnsignedString(
                    frame.getCarriedFrames()) + " frames but its detection status is " + frame.getDetectionStatus());
        }
        if (carried && frame.getCarriedFrames() == 0) {
            throw new InvalidFrameException(where + " is DETECTION_STATUS_CARRIED but does not say from how many frames"
                    + " back (carried_frames is 0)");
        }
        if (Integer.compareUnsigned(frame.getCarriedFrames(), MAX_CARRIED_FRAMES) > 0) {
            throw new InvalidFrameException(where + " says its faces were carried " + Integer.toUnsignedString(
                    frame.getCarriedFrames()) + " frames, more than " + MAX_CARRIED_FRAMES);
        }
        for (int i = 0; i < frame.getDetectionsCount(); i++) {
            checkDetection(where + " detection " + i, frame.getDetections(i));
        }
    }

    private static void checkDetection(String where, Detection d) throws InvalidFrameException {
        if (!(isUnit(d.getXMin()) && isUnit(d.getYMin()) && isUnit(d.getXMax()) && isUnit(d.getYMax()))
                || d.getXMin() > d.getXMax() || d.getYMin() > d.getYMax()) {
            throw new InvalidFrameException(where + " has a box outside the frame: (" + d.getXMin() + ", "
                    + d.getYMin() + ")-(" + d.getXMax() + ", " + d.getYMax() + ")");
        }
        if (!(d.getScore() >= 0f && d.getScore() <= 1f)) {
            throw new InvalidFrameException(where + " has score " + d.getScore() + " outside 0..1");
        }
        if (Integer.compareUnsigned(d.getHeldFrames(), MAX_HELD_FRAMES) > 0) {
            throw new InvalidFrameException(where + " says it was held " + Integer.toUnsignedString(d.getHeldFrames())
                    + " frames, more than " + MAX_HELD_FRAMES);
        }
        for (Point p : d.getLandmarksList()) {
            if (!Float.isFinite(p.getX()) || !Float.isFinite(p.getY())) {
                throw new InvalidFrameException(where + " has a landmark that is not a number");
            }
        }
    }

    private static boolean isUnit(float v) {
        return v >= 0f && v <= 1f; // false for NaN too
    }
}
