package dev.veil.inference.detect;

import java.util.List;

/**
 * A detected face in coordinates normalized to the frame (0..1 on both axes, whatever the frame's pixel size),
 * with the detector's confidence and the model's landmarks (empty for a model that has none). Values are
 * clamped into [0, 1] because a box that sticks out of the frame still means "blur up to the edge".
 */
public record Face(double xMin, double yMin, double xMax, double yMax, double score, List<Landmark> landmarks) {

    public Face {
        if (!(Double.isFinite(xMin) && Double.isFinite(yMin) && Double.isFinite(xMax) && Double.isFinite(yMax)
                && Double.isFinite(score))) {
            throw new IllegalArgumentException("face has a value that is not a number: (" + xMin + ", " + yMin
                    + ")-(" + xMax + ", " + yMax + ") score " + score);
        }
        if (xMin > xMax || yMin > yMax) {
            throw new IllegalArgumentException("face box is inverted: (" + xMin + ", " + yMin + ")-(" + xMax + ", "
                    + yMax + ")");
        }
        xMin = clamp(xMin);
        yMin = clamp(yMin);
        xMax = clamp(xMax);
        yMax = clamp(yMax);
        score = clamp(score);
        landmarks = landmarks.isEmpty() ? List.of()
                : landmarks.stream().map(p -> new Landmark(clamp(p.x()), clamp(p.y()))).toList();
    }

    public double width() {
        return xMax - xMin;
    }

    public double height() {
        return yMax - yMin;
    }

    /** Intersection over union with another face (the same in normalized or in pixel coordinates). */
    public double iou(Face other) {
        double w = Math.min(xMax, other.xMax) - Math.max(xMin, other.xMin);
        double h = Math.min(yMax, other.yMax) - Math.max(yMin, other.yMin);
        if (w <= 0 || h <= 0) {
            return 0;
        }
        double inter = w * h;
        return inter / (width() * height() + other.width() * other.height() - inter);
    }

    private static double clamp(double v) {
        return Math.min(1.0, Math.max(0.0, v));
    }
}
