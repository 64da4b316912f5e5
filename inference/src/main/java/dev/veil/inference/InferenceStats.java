package dev.veil.inference;

/**
 * Counters of the inference vertex since it started, as one consistent-enough snapshot.
 *
 * @param frames  valid frames handled (detection succeeded or failed)
 * @param faces   faces reported in all those frames
 * @param failed  frames forwarded with detection status FAILED
 * @param invalid messages dropped because they were not a valid frame
 * @param batches detector calls (a batch holds the frames that arrived together)
 * @param carried frames that carried the faces of an earlier detection instead of being detected
 *                ({@code VEIL_DETECT_EVERY})
 */
public record InferenceStats(long frames, long faces, long failed, long invalid, long batches, long carried) {
}
