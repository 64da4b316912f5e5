package dev.veil.config;

import java.util.Locale;

/**
 * The box the whole pipeline shows pictures in ({@link SharedSettings#DISPLAY_SIZE}): a larger picture is scaled down
 * to fit it, keeping its aspect ratio. Only the size; the rule that fits a picture in it is the vertices'.
 *
 * @param width  widest picture shown
 * @param height tallest picture shown
 */
public record DisplayBox(int width, int height) {

    public static final int MIN_SIDE = 16;
    public static final int MAX_SIDE = 8192;

    /** {@code 1280x720}: each side a whole number. */
    static DisplayBox parse(String raw) {
        String[] sides = raw.trim().toLowerCase(Locale.ROOT).split("x");
        if (sides.length == 2) {
            try {
                return new DisplayBox(Integer.parseInt(sides[0].trim()), Integer.parseInt(sides[1].trim()));
            } catch (NumberFormatException e) {
                // refused below
            }
        }
        throw new IllegalArgumentException("is not a size such as 1280x720");
    }

    /** Whether both sides are in {@value #MIN_SIDE}..{@value #MAX_SIDE}. */
    boolean inRange() {
        return width >= MIN_SIDE && width <= MAX_SIDE && height >= MIN_SIDE && height <= MAX_SIDE;
    }

    @Override
    public String toString() {
        return width + "x" + height;
    }
}
