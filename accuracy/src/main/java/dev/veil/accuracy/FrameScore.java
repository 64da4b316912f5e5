package dev.veil.accuracy;

import java.util.List;

/**
 * How the detections of one frame (or still) compare with its truth.
 *
 * @param faces          one result per scored true face
 * @param detections     how many detections the frame had
 * @param falsePositives detections on no face at all (see {@link Scoring})
 */
public record FrameScore(List<FaceResult> faces, int detections, int falsePositives) {

    public FrameScore {
        faces = List.copyOf(faces);
        if (detections < 0 || falsePositives < 0 || falsePositives > detections) {
            throw new IllegalArgumentException(falsePositives + " false positives among " + detections + " detections");
        }
    }

    /** Whether the frame has a face at least 16 px tall at 720p (frames without one are counted apart). */
    public boolean hasFaceFrom16() {
        return faces.stream().anyMatch(f -> f.bucket().atLeast16());
    }

    /** Whether every face at least 16 px tall at 720p is covered (true, vacuously, for a frame without one). */
    public boolean everyFaceFrom16Covered() {
        return faces.stream().filter(f -> f.bucket().atLeast16()).allMatch(FaceResult::covered);
    }
}
