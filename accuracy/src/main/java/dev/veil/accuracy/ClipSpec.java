package dev.veil.accuracy;

import java.util.Objects;

/**
 * What clip to make of a photo.
 *
 * @param camera how the camera moves
 * @param width  frame width in pixels (even: H.264 in 4:2:0)
 * @param height frame height in pixels (even)
 * @param fps    frames per second
 * @param frames how many frames
 */
public record ClipSpec(Camera camera, int width, int height, double fps, int frames) {

    /** 720p30, the size and rate Veil is judged at. */
    public static final int DEFAULT_WIDTH = 1280;
    public static final int DEFAULT_HEIGHT = 720;
    public static final double DEFAULT_FPS = 30;

    public ClipSpec {
        Objects.requireNonNull(camera, "camera");
        if (width <= 0 || height <= 0 || width % 2 != 0 || height % 2 != 0) {
            throw new IllegalArgumentException("clip size " + width + "x" + height + " must be positive and even");
        }
        if (!(fps > 0 && fps <= 240)) {
            throw new IllegalArgumentException("clip rate " + fps + " fps is out of range 0..240");
        }
        if (frames <= 0) {
            throw new IllegalArgumentException("a clip needs at least one frame, not " + frames);
        }
    }

    /** A 1280x720, 30 fps clip of {@code frames} frames. */
    public static ClipSpec of(Camera camera, int frames) {
        return new ClipSpec(camera, DEFAULT_WIDTH, DEFAULT_HEIGHT, DEFAULT_FPS, frames);
    }

    /** The clip's geometry over a photo of this size. */
    public CameraPath pathOver(int photoWidth, int photoHeight) {
        return new CameraPath(camera, photoWidth, photoHeight, width, height, frames);
    }
}
