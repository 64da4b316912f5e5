package dev.veil.sink;

import dev.veil.config.ConfigException;
import dev.veil.config.Env;
import java.util.Objects;

/**
 * How the sink treats faces.
 *
 * @param mode             blur, pixelate, fill, or the debugging mode boxes
 * @param facesMayShow     the second, explicit setting without which {@link AnonymizeMode#BOXES} is refused: that
 *                         mode shows faces, and must never be chosen by a typo or a copied example alone
 * @param margin           extra cover on each side of a face box, as a fraction of its width and height
 * @param shape            rectangle, or the ellipse inscribed in it
 * @param pixelateBlocks   mosaic blocks across a face in {@link AnonymizeMode#PIXELATE}: the block size is the
 *                         face's width divided by this, so every face, near or far, loses the same detail
 */
public record AnonymizerConfig(AnonymizeMode mode, boolean facesMayShow, double margin, MaskShape shape,
                               int pixelateBlocks) {

    public static final String MODE = "VEIL_ANONYMIZE_MODE";
    public static final String SHOW_FACES = "VEIL_DEBUG_SHOW_FACES";
    public static final String MARGIN = "VEIL_FACE_MARGIN";
    public static final String SHAPE = "VEIL_MASK_SHAPE";
    public static final String PIXELATE_BLOCKS = "VEIL_PIXELATE_BLOCKS";

    public static final double DEFAULT_MARGIN = 0.4;
    public static final int DEFAULT_PIXELATE_BLOCKS = 8;
    /** Fewer than 2 blocks is a flat colour (use fill); more than 16 starts to keep features. */
    public static final int MIN_PIXELATE_BLOCKS = 2;
    public static final int MAX_PIXELATE_BLOCKS = 16;

    public AnonymizerConfig {
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(shape, "shape");
        if (!(margin >= 0 && margin <= 2)) {
            throw new ConfigException(MARGIN + "=" + margin + " is out of range 0..2");
        }
        if (pixelateBlocks < MIN_PIXELATE_BLOCKS || pixelateBlocks > MAX_PIXELATE_BLOCKS) {
            throw new ConfigException(PIXELATE_BLOCKS + "=" + pixelateBlocks + " is out of range "
                    + MIN_PIXELATE_BLOCKS + ".." + MAX_PIXELATE_BLOCKS);
        }
        if (mode == AnonymizeMode.BOXES && !facesMayShow) {
            throw new ConfigException(MODE + "=boxes draws boxes around faces and does NOT hide them; it is for"
                    + " debugging only. To really show faces, also set " + SHOW_FACES + "=true");
        }
    }

    /** The defaults with this mode; {@code facesMayShow} only matters for {@link AnonymizeMode#BOXES}. */
    public static AnonymizerConfig of(AnonymizeMode mode, boolean facesMayShow) {
        return new AnonymizerConfig(mode, facesMayShow, DEFAULT_MARGIN, MaskShape.RECTANGLE, DEFAULT_PIXELATE_BLOCKS);
    }

    public static AnonymizerConfig fromEnv(Env env) {
        return new AnonymizerConfig(
                env.choice(MODE, AnonymizeMode.class, AnonymizeMode.BLUR),
                env.flag(SHOW_FACES, false),
                env.decimal(MARGIN, DEFAULT_MARGIN, 0, 2),
                env.choice(SHAPE, MaskShape.class, MaskShape.RECTANGLE),
                env.integer(PIXELATE_BLOCKS, DEFAULT_PIXELATE_BLOCKS, MIN_PIXELATE_BLOCKS, MAX_PIXELATE_BLOCKS));
    }
}
