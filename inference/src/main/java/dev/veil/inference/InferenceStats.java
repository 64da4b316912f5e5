package dev.veil.inference;

/**
 * Counters of the inference stage since it started, as one consistent-enough snapshot.
 *
 * @param frames  valid frames handled (detection succeeded or failed)
 * @param faces   faces reported in all those frames
 * @param failed  frames forwarded with detection status FAILED
 * @param batches detector calls (a batch holds the frames that arrived together)
 * @param carried frames that carried the faces of an earlier detection instead of being detected
 *                ({@code VEIL_DETECT_EVERY})
 * @param held    faces reported although the detector did not find them in their frame: held after it last found
 *                them ({@code VEIL_HOLD_FRAMES}), among {@code faces}
 * @param changed frames the cadence would have carried but that were detected because their picture changed more
 *                than motion explains
 * @param coarse  frames detected with the detector's cheaper search only ({@code VEIL_FULL_SEARCH_EVERY})
 */
public record InferenceStats(long frames, long faces, long failed, long batches, long carried, long held,
                             long changed, long coarse) {
}
