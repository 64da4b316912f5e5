package dev.veil.inference.detect;

import java.util.List;

/**
 * A face proposal straight out of a model, before non-maximum suppression, in the pixel coordinates of the
 * model's input image (corners, not centre and size).
 */
public record Candidate(double x1, double y1, double x2, double y2, double score, List<Landmark> landmarks) {

    public Candidate {
        landmarks = List.copyOf(landmarks);
    }

    /** A candidate from a centre and a size, the way detection models emit boxes. */
    public static Candidate ofCentre(double cx, double cy, double w, double h, double score, List<Landmark> landmarks) {
        return new Candidate(cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2, score, landmarks);
    }

    public double area() {
        return Math.max(0, x2 - x1) * Math.max(0, y2 - y1);
    }

    /** Intersection over union with another box; 0 when either box is empty. */
    public double iou(Candidate other) {
        double iw = Math.min(x2, other.x2) - Math.max(x1, other.x1);
        double ih = Math.min(y2, other.y2) - Math.max(y1, other.y1);
        if (iw <= 0 || ih <= 0) {
            return 0;
        }
        double inter = iw * ih;
        return inter / (area() + other.area() - inter);
    }

    /** The same candidate moved by (dx, dy): from a tile of the frame to the whole frame. */
    public Candidate translated(double dx, double dy) {
        return new Candidate(x1 + dx, y1 + dy, x2 + dx, y2 + dy, score,
                landmarks.stream().map(p -> new Landmark(p.x() + dx, p.y() + dy)).toList());
    }

    /** As a {@link Face}: divided by the frame size (then clamped into the frame by {@code Face}). */
    public Face normalized(int frameWidth, int frameHeight) {
        Landmark[] points = new Landmark[landmarks.size()];
        for (int i = 0; i < points.length; i++) {
            points[i] = new Landmark(landmarks.get(i).x() / frameWidth, landmarks.get(i).y() / frameHeight);
        }
        return new Face(x1 / frameWidth, y1 / frameHeight, x2 / frameWidth, y2 / frameHeight, score,
                List.of(points));
    }
}
