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
        landmarks = clamped(landmarks);
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

    /** Each point clamped into the frame; a loop, not a stream: a crowd makes thousands of faces a frame. */
    private static List<Landmark> clamped(List<Landmark> points) {
        boolean inside = true;
        for (int i = 0; inside && i < points.size(); i++) {
            Landmark p = points.get(i);
            inside = Double.compare(p.x(), 0.0) >= 0 && p.x() <= 1 && Double.compare(p.y(), 0.0) >= 0 && p.y() <= 1;
        }
        if (inside) {
            return List.copyOf(points); // the list itself when it is already an unmodifiable copy
        }
        Landmark[] out = new Landmark[points.size()];
        for (int i = 0; i < out.length; i++) {
            Landmark p = points.get(i);
            out[i] = new Landmark(clamp(p.x()), clamp(p.y()));
        }
        return List.of(out);
    }

    private static double clamp(double v) {
        return Math.min(1.0, Math.max(0.0, v));
    }
}
