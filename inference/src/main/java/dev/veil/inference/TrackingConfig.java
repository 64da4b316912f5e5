package dev.veil.inference;

import dev.veil.config.ConfigException;
import dev.veil.config.Env;

/**
 * How the inference vertex follows a stream's faces over time ({@link FaceTracker}), read once at start-up.
 *
 * @param detectEvery the detector runs on at least every {@code detectEvery}-th frame of a stream,
 *                    1..{@value #MAX_EVERY} ({@code VEIL_DETECT_EVERY}); on the frames between, the faces of the last
 *                    detection are carried, moved and grown by their motion, but only into a picture that changed
 *                    no more than that motion explains ({@link PictureChange}): any other frame is detected
 * @param holdFrames  a face the detector stops finding stays covered this many frames after it was last found,
 *                    0..{@value #MAX_HOLD_FRAMES} ({@code VEIL_HOLD_FRAMES}), its box moved by its motion and grown
 * @param fullSearchEvery a detector with a cheaper coarse search (YuNet with more than one scale) searches a stream's
 *                    frames in full on every {@code fullSearchEvery}-th detected frame, 1..{@value #MAX_EVERY}, and
 *                    coarsely on the others ({@code VEIL_FULL_SEARCH_EVERY}); faces only the full search finds are held
 *                    between ({@code holdFrames})
 */
public record TrackingConfig(int detectEvery, int holdFrames, int fullSearchEvery) {

    public static final String DETECT_EVERY = "VEIL_DETECT_EVERY";
    public static final String HOLD_FRAMES = "VEIL_HOLD_FRAMES";
    public static final String FULL_SEARCH_EVERY = "VEIL_FULL_SEARCH_EVERY";
    public static final int MAX_EVERY = 10;
    public static final int MAX_HOLD_FRAMES = 60;
    public static final int DEFAULT_DETECT_EVERY = 1;
    /** A third of a second at 30 fps: chosen by measurement (docs/detectors.md, "Held over time"). */
    public static final int DEFAULT_HOLD_FRAMES = 10;
    public static final int DEFAULT_FULL_SEARCH_EVERY = 1;

    public TrackingConfig {
        if (detectEvery < 1 || detectEvery > MAX_EVERY) {
            throw new ConfigException(DETECT_EVERY + "=" + detectEvery + " is out of range 1.." + MAX_EVERY);
        }
        if (holdFrames < 0 || holdFrames > MAX_HOLD_FRAMES) {
            throw new ConfigException(HOLD_FRAMES + "=" + holdFrames + " is out of range 0.." + MAX_HOLD_FRAMES);
        }
        if (fullSearchEvery < 1 || fullSearchEvery > MAX_EVERY) {
            throw new ConfigException(FULL_SEARCH_EVERY + "=" + fullSearchEvery + " is out of range 1.." + MAX_EVERY);
        }
    }

    /** Every frame detected, in full. */
    public TrackingConfig(int detectEvery, int holdFrames) {
        this(detectEvery, holdFrames, DEFAULT_FULL_SEARCH_EVERY);
    }

    /** Every frame detected in full, faces held {@value #DEFAULT_HOLD_FRAMES} frames. */
    public static TrackingConfig defaults() {
        return new TrackingConfig(DEFAULT_DETECT_EVERY, DEFAULT_HOLD_FRAMES, DEFAULT_FULL_SEARCH_EVERY);
    }

    public static TrackingConfig fromEnv(Env env) {
        return new TrackingConfig(env.integer(DETECT_EVERY, DEFAULT_DETECT_EVERY, 1, MAX_EVERY),
                env.integer(HOLD_FRAMES, DEFAULT_HOLD_FRAMES, 0, MAX_HOLD_FRAMES),
                env.integer(FULL_SEARCH_EVERY, DEFAULT_FULL_SEARCH_EVERY, 1, MAX_EVERY));
    }

    /** Whether some frames may carry faces instead of being detected. */
    public boolean carries() {
        return detectEvery > 1;
    }
}
