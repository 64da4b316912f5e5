package dev.veil.accuracy;

/**
 * An axis-aligned box in pixels, by its corners: {@code (xMin, yMin)} is the top-left corner of the first pixel
 * inside, {@code (xMax, yMax)} the bottom-right corner of the last, so a box from 10 to 20 is 10 pixels wide.
 */
public record Box(double xMin, double yMin, double xMax, double yMax) {

    public Box {
        if (!(Double.isFinite(xMin) && Double.isFinite(yMin) && Double.isFinite(xMax) && Double.isFinite(yMax))) {
            throw new IllegalArgumentException("box has a value that is not a number: "
                    + corners(xMin, yMin, xMax, yMax));
        }
        if (xMin > xMax || yMin > yMax) {
            throw new IllegalArgumentException("box is inverted: " + corners(xMin, yMin, xMax, yMax));
        }
    }

    /** The box of a face a detector gave in coordinates normalized to a frame (0..1) of this pixel size. */
    public static Box ofNormalized(double xMin, double yMin, double xMax, double yMax, int width, int height) {
        return new Box(xMin * width, yMin * height, xMax * width, yMax * height);
    }

    public double width() {
        return xMax - xMin;
    }

    public double height() {
        return yMax - yMin;
    }

    public double area() {
        return width() * height();
    }

    public double centreX() {
        return (xMin + xMax) / 2;
    }

    public double centreY() {
        return (yMin + yMax) / 2;
    }

    /** Area shared with another box (0 when they do not overlap). */
    public double intersectionArea(Box other) {
        double w = Math.min(xMax, other.xMax) - Math.max(xMin, other.xMin);
        double h = Math.min(yMax, other.yMax) - Math.max(yMin, other.yMin);
        return w <= 0 || h <= 0 ? 0 : w * h;
    }

    /** Intersection over union, 0..1; 0 for two empty boxes. */
    public double iou(Box other) {
        double inter = intersectionArea(other);
        double union = area() + other.area() - inter;
        return union <= 0 ? 0 : inter / union;
    }

    /** Share of this box's area that {@code other} covers, 0..1; 0 for an empty box. */
    public double coveredBy(Box other) {
        double area = area();
        return area <= 0 ? 0 : intersectionArea(other) / area;
    }

    /**
     * This box grown on each side by a fraction of its own size: {@code margin} of its width left and right, of its
     * height above and below, as Veil's sink grows a face before hiding it (its default is 0.2).
     */
    public Box grown(double margin) {
        double dx = margin * width();
        double dy = margin * height();
        return new Box(xMin - dx, yMin - dy, xMax + dx, yMax + dy);
    }

    /** Every coordinate multiplied: {@code x * sx}, {@code y * sy}. */
    public Box scaled(double sx, double sy) {
        return new Box(xMin * sx, yMin * sy, xMax * sx, yMax * sy);
    }

    /** Moved by {@code (dx, dy)}. */
    public Box translated(double dx, double dy) {
        return new Box(xMin + dx, yMin + dy, xMax + dx, yMax + dy);
    }

    /** The part inside {@code [0, width] x [0, height]}; an empty box (zero width or height) when none is. */
    public Box clippedTo(double width, double height) {
        double x0 = Math.min(Math.max(xMin, 0), width);
        double y0 = Math.min(Math.max(yMin, 0), height);
        double x1 = Math.min(Math.max(xMax, 0), width);
        double y1 = Math.min(Math.max(yMax, 0), height);
        return new Box(x0, y0, Math.max(x0, x1), Math.max(y0, y1));
    }

    /** The average of two boxes, corner by corner. */
    public Box averagedWith(Box other) {
        return new Box((xMin + other.xMin) / 2, (yMin + other.yMin) / 2, (xMax + other.xMax) / 2,
                (yMax + other.yMax) / 2);
    }

    @Override
    public String toString() {
        return corners(xMin, yMin, xMax, yMax);
    }

    private static String corners(double x0, double y0, double x1, double y1) {
        return "(" + x0 + ", " + y0 + ")-(" + x1 + ", " + y1 + ")";
    }
}
