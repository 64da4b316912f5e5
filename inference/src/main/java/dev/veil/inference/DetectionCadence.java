package dev.veil.inference;

import dev.veil.config.ConfigException;
import dev.veil.config.Env;

/**
 * How often the detector runs on a stream's frames. Every frame by default; with {@code every = N > 1} it runs on
 * every Nth frame and the frames between carry the faces of the last detection forward, moved and grown by their
 * motion ({@link FaceCarrier}). That divides the detector's cost by N for a CPU that cannot detect every frame
 * in time, at the price of boxes that are a few frames old (docs/inference.md says what was measured).
 *
 * @param every the detector runs on at least every {@code every}-th frame of a stream, 1..{@value #MAX_EVERY}
 */
public record DetectionCadence(int every) {

    public static final String DETECT_EVERY = "VEIL_DETECT_EVERY";
    public static final int MAX_EVERY = 10;
    public static final DetectionCadence EVERY_FRAME = new DetectionCadence(1);

    public DetectionCadence {
        if (every < 1 || every > MAX_EVERY) {
            throw new ConfigException(DETECT_EVERY + "=" + every + " is out of range 1.." + MAX_EVERY);
        }
    }

    public static DetectionCadence fromEnv(Env env) {
        return new DetectionCadence(env.integer(DETECT_EVERY, 1, 1, MAX_EVERY));
    }

    /** Whether some frames carry faces instead of being detected. */
    public boolean carries() {
        return every > 1;
    }
}
