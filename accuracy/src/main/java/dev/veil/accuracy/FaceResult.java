package dev.veil.accuracy;

/**
 * How the detections of a frame fared on one true face.
 *
 * @param face    the true face, in frame pixels (its visible part)
 * @param bucket  its size at 720p
 * @param found   a detection of its own matches it (IoU at least {@link Scoring#FOUND_IOU}, one detection per face)
 * @param covered a detection, grown by the scoring's margin, covers at least {@link Scoring#COVERED_SHARE} of it
 */
public record FaceResult(Box face, SizeBucket bucket, boolean found, boolean covered) {
}
