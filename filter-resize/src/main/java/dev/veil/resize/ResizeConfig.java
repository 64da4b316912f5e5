package dev.veil.resize;

import dev.veil.config.ConfigException;
import dev.veil.config.Env;

/**
 * How frames are scaled for display (and for the detector, which sees the same picture).
 *
 * @param maxWidth    frames are scaled to fit inside maxWidth x maxHeight, keeping their aspect ratio
 * @param maxHeight   see maxWidth
 * @param jpegQuality quality of the re-encoded JPEG, 1..100
 * @param upscale     whether frames smaller than the box are enlarged (off: they pass through untouched)
 */
public record ResizeConfig(int maxWidth, int maxHeight, int jpegQuality, boolean upscale) {

    public static final String WIDTH = "VEIL_DISPLAY_WIDTH";
    public static final String HEIGHT = "VEIL_DISPLAY_HEIGHT";
    public static final String JPEG_QUALITY = "VEIL_JPEG_QUALITY";
    public static final String UPSCALE = "VEIL_UPSCALE";

    public ResizeConfig {
        if (maxWidth < 16 || maxWidth > 8192) {
            throw new ConfigException(WIDTH + "=" + maxWidth + " is out of range 16..8192");
        }
        if (maxHeight < 16 || maxHeight > 8192) {
            throw new ConfigException(HEIGHT + "=" + maxHeight + " is out of range 16..8192");
        }
        if (jpegQuality < 1 || jpegQuality > 100) {
            throw new ConfigException(JPEG_QUALITY + "=" + jpegQuality + " is out of range 1..100");
        }
    }

    public static ResizeConfig defaults() {
        return new ResizeConfig(1280, 720, 90, false);
    }

    public static ResizeConfig fromEnv(Env env) {
        ResizeConfig d = defaults();
        return new ResizeConfig(
                env.integer(WIDTH, d.maxWidth(), 16, 8192),
                env.integer(HEIGHT, d.maxHeight(), 16, 8192),
                env.integer(JPEG_QUALITY, d.jpegQuality(), 1, 100),
                env.flag(UPSCALE, d.upscale()));
    }
}
