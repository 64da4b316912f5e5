package dev.veil.inference.tracking;

import dev.veil.config.Env;
import dev.veil.config.Setting;
import java.util.List;

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

    public static final int MAX_EVERY = 10;
    public static final int MAX_HOLD_FRAMES = 60;
    public static final int DEFAULT_DETECT_EVERY = 1;
    /** A third of a second at 30 fps: chosen by measurement (docs/detectors.md, "Held over time"). */
    public static final int DEFAULT_HOLD_FRAMES = 10;
    public static final int DEFAULT_FULL_SEARCH_EVERY = 1;

    public static final Setting<Integer> DETECT_EVERY = Setting.integer("VEIL_DETECT_EVERY", 1, MAX_EVERY,
            "run the detector on every Nth frame of a stream; the frames between carry its faces, moved as they move")
            .byDefault(DEFAULT_DETECT_EVERY);
    public static final Setting<Integer> HOLD_FRAMES = Setting.integer("VEIL_HOLD_FRAMES", 0, MAX_HOLD_FRAMES,
            "a face the detector stops finding stays covered this many frames").byDefault(DEFAULT_HOLD_FRAMES);
    public static final Setting<Integer> FULL_SEARCH_EVERY = Setting.integer("VEIL_FULL_SEARCH_EVERY", 1, MAX_EVERY,
            "YuNet: search every Nth detected frame at full resolution, the others at the smaller scales only")
            .byDefault(DEFAULT_FULL_SEARCH_EVERY);
    /** What the inference vertex reads for tracking (part of its {@code InferenceConfig.SETTINGS}). */
    public static final List<Setting<?>> SETTINGS = List.of(DETECT_EVERY, HOLD_FRAMES, FULL_SEARCH_EVERY);

    public TrackingConfig {
        DETECT_EVERY.check(detectEvery);
        HOLD_FRAMES.check(holdFrames);
        FULL_SEARCH_EVERY.check(fullSearchEvery);
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
        return new TrackingConfig(DETECT_EVERY.read(env), HOLD_FRAMES.read(env), FULL_SEARCH_EVERY.read(env));
    }

    /** Whether some frames may carry faces instead of being detected. */
    public boolean carries() {
        return detectEvery > 1;
    }
}
