package dev.veil.inference.tracking;

import dev.veil.inference.detect.Face;

/**
 * A face as the inference vertex reports it for one frame.
 *
 * @param face       the box (and, when found in this frame, the landmarks), normalized to the frame
 * @param heldFrames 0 when the detector found the face in this frame; N > 0 when it last found it N frames
 *                   earlier and the box is where its motion has taken it since, grown ({@link FaceTracker})
 */
public record TrackedFace(Face face, int heldFrames) {

    public TrackedFace {
        if (heldFrames < 0) {
            throw new IllegalArgumentException("held for " + heldFrames + " frames");
        }
    }
}
