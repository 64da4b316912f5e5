package dev.veil.inference.detect;

import java.util.List;

/**
 * How an image of one size is fitted into a model input of another without distortion: scaled by one factor
 * so that it fits, centred, the rest padded. Maps points in the model input back to the source image, so that
 * boxes a model finds land on the face in the frame.
 *
 * @param scale      the one factor source pixels were multiplied by ({@code min(tw/sw, th/sh)})
 * @param resizedWidth  width of the scaled image inside the target, {@code round(sourceWidth * scale)}
 * @param padLeft    columns of padding left of the scaled image, {@code (targetWidth - resizedWidth) / 2}
 */
public record Letterbox(int sourceWidth, int sourceHeight, int targetWidth, int targetHeight, double scale,
                        int resizedWidth, int resizedHeight, int padLeft, int padTop) {

    public static Letterbox fit(int sourceWidth, int sourceHeight, int targetWidth, int targetHeight) {
        if (sourceWidth <= 0 || sourceHeight <= 0 || targetWidth <= 0 || targetHeight <= 0) {
            throw new IllegalArgumentException("cannot letterbox " + sourceWidth + "x" + sourceHeight + " into "
                    + targetWidth + "x" + targetHeight);
        }
        double scale = Math.min((double) targetWidth / sourceWidth, (double) targetHeight / sourceHeight);
        int resizedWidth = Math.max(1, Math.min(targetWidth, (int) Math.round(sourceWidth * scale)));
        int resizedHeight = Math.max(1, Math.min(targetHeight, (int) Math.round(sourceHeight * scale)));
        return new Letterbox(sourceWidth, sourceHeight, targetWidth, targetHeight, scale, resizedWidth, resizedHeight,
                (targetWidth - resizedWidth) / 2, (targetHeight - resizedHeight) / 2);
    }

    /** Source x of a model-input x. Uses the exact per-axis factor of the resize, not the rounded scale. */
    public double toSourceX(double targetX) {
        return (targetX - padLeft) * sourceWidth / resizedWidth;
    }

    public double toSourceY(double targetY) {
        return (targetY - padTop) * sourceHeight / resizedHeight;
    }

    /** A candidate found in the model input, in source pixels. */
    public Candidate toSource(Candidate c) {
        List<Landmark> points = c.landmarks().stream()
                .map(p -> new Landmark(toSourceX(p.x()), toSourceY(p.y())))
                .toList();
        return new Candidate(toSourceX(c.x1()), toSourceY(c.y1()), toSourceX(c.x2()), toSourceY(c.y2()), c.score(),
                points);
    }
}
