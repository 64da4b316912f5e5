package dev.veil.stage;

/**
 * The one size rule of the pipeline for a picture and a display box: a picture that fits is left as it is (unless
 * {@code upscale}); a larger one gets the largest size that fits the box with the same aspect ratio, with even sides
 * (H.264 in 4:2:0 needs them), an odd side of the box rounded down.
 * The source scales to it while it decodes and filter-resize scales to it, so with the same box filter-resize passes
 * the source's frames through untouched.
 */
public final class FitInBox {

    /** A size in whole pixels. */
    public record Size(int width, int height) {
    }

    private FitInBox() {
    }

    public static Size fit(int width, int height, int maxWidth, int maxHeight, boolean upscale) {
        double scale = Math.min((double) maxWidth / width, (double) maxHeight / height);
        if (scale >= 1 && !upscale) {
            return new Size(width, height);
        }
        return new Size(even(width * scale, maxWidth), even(height * scale, maxHeight));
    }

    private static int even(double pixels, int max) {
        return Math.max(2, Math.min(2 * (int) Math.round(pixels / 2), max & ~1));
    }
}
