package dev.veil.resize;

import dev.veil.config.DisplayBox;
import dev.veil.config.Env;
import dev.veil.config.ProgramSettings;
import dev.veil.config.Setting;
import dev.veil.config.SharedSettings;
import java.util.List;

/**
 * How frames are scaled for display (and for the detector, which sees the same picture).
 *
 * @param maxWidth    frames are scaled to fit inside maxWidth x maxHeight, keeping their aspect ratio: the pipeline's
 *                    display box ({@link SharedSettings#DISPLAY_SIZE}), which the source already scales into
 * @param maxHeight   see maxWidth
 * @param jpegQuality quality of the re-encoded JPEG, 1..100
 * @param upscale     whether frames smaller than the box are enlarged (off: they pass through untouched)
 */
public record ResizeConfig(int maxWidth, int maxHeight, int jpegQuality, boolean upscale) {

    public static final Setting<DisplayBox> BOX = SharedSettings.DISPLAY_SIZE;
    public static final Setting<Integer> JPEG_QUALITY = SharedSettings.JPEG_QUALITY;
    public static final Setting<Boolean> UPSCALE = Setting.flag("VEIL_UPSCALE",
            "enlarge frames smaller than the display box").byDefault(false);

    /** Every variable filter-resize reads. */
    public static final ProgramSettings SETTINGS = new ProgramSettings("filter-resize",
            List.of(BOX, UPSCALE, JPEG_QUALITY), ResizeConfig::fromEnv);

    public ResizeConfig {
        BOX.check(new DisplayBox(maxWidth, maxHeight));
        JPEG_QUALITY.check(jpegQuality);
    }

    public static ResizeConfig defaults() {
        DisplayBox box = BOX.defaultValue();
        return new ResizeConfig(box.width(), box.height(), JPEG_QUALITY.defaultValue(), UPSCALE.defaultValue());
    }

    public static ResizeConfig fromEnv(Env env) {
        DisplayBox box = BOX.read(env);
        return new ResizeConfig(box.width(), box.height(), JPEG_QUALITY.read(env), UPSCALE.read(env));
    }
}
