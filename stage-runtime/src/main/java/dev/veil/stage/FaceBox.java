package dev.veil.stage;

import java.util.List;

/**
 * A face in a frame, in coordinates normalized to the frame (0..1), whatever the picture's size is now.
 *
 * @param landmarks  eyes, nose and mouth corners when the model gives them (normalized like the box)
 * @param heldFrames 0 when found in this frame (or in the frame it was carried from); N > 0: last found N frames
 *                   earlier and held since, its box moved by its motion and grown
 */
public record FaceBox(double xMin, double yMin, double xMax, double yMax, double score, List<Point> landmarks,
                      int heldFrames) {

    /** A landmark, normalized like the box. */
    public record Point(double x, double y) {
    }

    public FaceBox {
        landmarks = List.copyOf(landmarks);
    }

    /** A face found in this frame, without landmarks. */
    public static FaceBox found(double xMin, double yMin, double xMax, double yMax, double score) {
        return new FaceBox(xMin, yMin, xMax, yMax, score, List.of(), 0);
    }
}
