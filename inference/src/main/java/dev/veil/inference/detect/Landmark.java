package dev.veil.inference.detect;

/** A facial key point (eye, nose, mouth corner, ear) in the same coordinates as the face it belongs to. */
public record Landmark(double x, double y) {

    public Landmark {
        if (!Double.isFinite(x) || !Double.isFinite(y)) {
            throw new IllegalArgumentException("landmark is not a number: (" + x + ", " + y + ")");
        }
    }
}
