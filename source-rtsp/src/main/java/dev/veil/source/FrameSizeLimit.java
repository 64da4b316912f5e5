package dev.veil.source;

import dev.veil.config.ConfigException;
import dev.veil.stage.FitInBox;
import java.util.Locale;
import java.util.Optional;

/**
 * The largest picture the source emits: a bigger one is scaled down to fit, keeping its aspect ratio, in the same
 * FFmpeg pass that converts it to BGR, so that a 4K picture never travels as a 4K JPEG when only a smaller one is
 * used downstream. The size rule is the pipeline's one ({@link FitInBox}), which filter-resize applies too, so
 * filter-resize with the same box passes the frame through untouched.
 *
 * @param maxWidth  pictures are scaled to fit inside maxWidth x maxHeight
 * @param maxHeight see maxWidth
 */
public record FrameSizeLimit(int maxWidth, int maxHeight) {

    /** The spelling of "no limit" in {@value SourceConfig#MAX_SIZE}. */
    public static final String FULL = "full";
    static final int MIN_SIDE = 16;
    static final int MAX_SIDE = 8192;

    public FrameSizeLimit {
        if (maxWidth < MIN_SIDE || maxWidth > MAX_SIDE || maxHeight < MIN_SIDE || maxHeight > MAX_SIDE) {
            throw new ConfigException(SourceConfig.MAX_SIZE + "=" + maxWidth + "x" + maxHeight + " is out of range: each"
                    + " side " + MIN_SIDE + ".." + MAX_SIDE);
        }
    }

    /** A picture's size after the limit. */
    public record Size(int width, int height) {
    }

    /** The size a {@code width x height} picture is emitted at ({@link FitInBox}, never enlarged). */
    public Size fit(int width, int height) {
        FitInBox.Size fitted = FitInBox.fit(width, height, maxWidth, maxHeight, false);
        return new Size(fitted.width(), fitted.height());
    }

    /** {@code full} (no limit) or {@code WIDTHxHEIGHT}. */
    static Optional<FrameSizeLimit> parse(String raw) {
        String value = raw.trim().toLowerCase(Locale.ROOT);
        if (value.equals(FULL)) {
            return Optional.empty();
        }
        String[] sides = value.split("x");
        if (sides.length == 2) {
            try {
                return Optional.of(new FrameSizeLimit(Integer.parseInt(sides[0].trim()), Integer.parseInt(sides[1].trim())));
            } catch (NumberFormatException e) {
                // fall through to the message below
            }
        }
        throw new ConfigException(SourceConfig.MAX_SIZE + "=" + raw + " is not '" + FULL + "' nor a size such as 1280x720");
    }

    @Override
    public String toString() {
        return maxWidth + "x" + maxHeight;
    }
}
