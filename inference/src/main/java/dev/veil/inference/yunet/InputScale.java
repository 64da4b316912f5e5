package dev.veil.inference.yunet;

/**
 * The size at which YuNet looks at a frame: the frame scaled by {@code factor}, and shrunk further if it would
 * have more than {@code maxPixels} pixels (so that a 4K frame costs what a 1080p one does), each side rounded, then
 * padded up to a multiple of 32.
 *
 * @param factor    1 searches the frame at its own resolution; above 1 enlarges it (smaller faces found, at the
 *                  square of the cost)
 * @param maxPixels the most pixels the network looks at
 */
public record InputScale(double factor, long maxPixels) {

    /** A 1920x1080 frame's worth: about 65 ms of two cores here, the most a frame may cost at all. */
    public static final long DEFAULT_MAX_PIXELS = 1920L * 1088;

    public InputScale {
        if (!(factor > 0 && factor <= 4)) {
            throw new IllegalArgumentException("input scale " + factor + " is out of range (0, 4]");
        }
        if (maxPixels < 32 * 32) {
            throw new IllegalArgumentException("at most " + maxPixels + " pixels is too few");
        }
    }

    /** The network input for a frame of this size. */
    public record Input(int width, int height, int paddedWidth, int paddedHeight) {
    }

    public Input inputFor(int frameWidth, int frameHeight) {
        double f = factor;
        double pixels = (double) frameWidth * frameHeight * f * f;
        if (pixels > maxPixels) {
            f *= Math.sqrt(maxPixels / pixels);
        }
        int w = Math.max(1, (int) Math.round(frameWidth * f));
        int h = Math.max(1, (int) Math.round(frameHeight * f));
        return new Input(w, h, align(w), align(h));
    }

    private static int align(int side) {
        int a = YuNetDecoder.ALIGNMENT;
        return (side + a - 1) / a * a;
    }

    String describe() {
        return factor == 1 ? "at full resolution" : String.format(java.util.Locale.ROOT, "at %sx",
                factor == Math.rint(factor * 100) / 100 ? Double.toString(factor) : String.format("%.2f", factor));
    }
}
