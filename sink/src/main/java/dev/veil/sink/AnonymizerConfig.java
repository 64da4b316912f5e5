package dev.veil.sink;

import dev.veil.config.ConfigException;
import dev.veil.config.Env;
import dev.veil.config.Setting;
import java.util.List;
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

    public static final double DEFAULT_MARGIN = 0.4;
    public static final int DEFAULT_PIXELATE_BLOCKS = 8;
    /** Fewer than 2 blocks is a flat colour (use fill); more than 16 starts to keep features. */
    public static final int MIN_PIXELATE_BLOCKS = 2;
    public static final int MAX_PIXELATE_BLOCKS = 16;

    public static final Setting<AnonymizeMode> MODE = Setting.choice("VEIL_ANONYMIZE_MODE", AnonymizeMode.class,
            "blur, pixelate or fill; boxes (debugging: shows faces) needs VEIL_DEBUG_SHOW_FACES=true too")
            .byDefault(AnonymizeMode.BLUR);
    public static final Setting<Boolean> SHOW_FACES = Setting.flag("VEIL_DEBUG_SHOW_FACES",
            "true allows the mode boxes, which shows faces").byDefault(false);
    public static final Setting<Double> MARGIN = Setting.decimal("VEIL_FACE_MARGIN", 0, 2,
            "extra cover on each side of a face, as a fraction of its box").byDefault(DEFAULT_MARGIN);
    public static final Setting<MaskShape> SHAPE = Setting.choice("VEIL_MASK_SHAPE", MaskShape.class,
            "rectangle, or the ellipse inscribed in it").byDefault(MaskShape.RECTANGLE);
    public static final Setting<Integer> PIXELATE_BLOCKS = Setting.integer("VEIL_PIXELATE_BLOCKS",
            MIN_PIXELATE_BLOCKS, MAX_PIXELATE_BLOCKS, "pixelate: mosaic blocks across a face")
            .byDefault(DEFAULT_PIXELATE_BLOCKS);
    /** What the sink reads for its anonymizer (part of its {@link SinkConfig#SETTINGS}). */
    static final List<Setting<?>> SETTINGS = List.of(MODE, SHOW_FACES, MARGIN, SHAPE, PIXELATE_BLOCKS);

    public AnonymizerConfig {
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(shape, "shape");
        MARGIN.check(margin);
        PIXELATE_BLOCKS.check(pixelateBlocks);
        if (mode == AnonymizeMode.BOXES && !facesMayShow) {
            throw new ConfigException(MODE + "=boxes draws boxes around faces and does NOT hide them; it is for"
                    + " debugging only. To really show faces, also set " + SHOW_FACES + "=true");
        }
    }

    /** The defaults with this mode; {@code facesMayShow} only matters for {@link AnonymizeMode#BOXES}. */
    public static AnonymizerConfig of(AnonymizeMode mode, boolean facesMayShow) {
        return new AnonymizerConfig(mode, facesMayShow, MARGIN.defaultValue(), SHAPE.defaultValue(),
                PIXELATE_BLOCKS.defaultValue());
    }

    public static AnonymizerConfig fromEnv(Env env) {
        return new AnonymizerConfig(MODE.read(env), SHOW_FACES.read(env), MARGIN.read(env), SHAPE.read(env),
                PIXELATE_BLOCKS.read(env));
    }
}
