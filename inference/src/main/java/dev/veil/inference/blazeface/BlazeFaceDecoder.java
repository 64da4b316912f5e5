package dev.veil.inference.blazeface;

import dev.veil.inference.detect.Candidate;
import dev.veil.inference.detect.Landmark;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns BlazeFace's two outputs into candidates in model-input pixels, as MediaPipe's
 * {@code TensorsToDetectionsCalculator} does for its face graphs. Per anchor, {@code regressors} holds 16
 * values: box centre offset x, y, width, height, then six keypoints (x, y) (eyes, nose tip, mouth, ears), all
 * in input pixels relative to the anchor centre; {@code classificators} holds one logit, clipped to
 * [-100, 100] and passed through a sigmoid.
 */
final class BlazeFaceDecoder {

    static final int REGRESSORS_PER_ANCHOR = 16;
    static final int KEYPOINTS = 6;
    private static final double SCORE_CLIP = 100.0;

    private BlazeFaceDecoder() {
    }

    /**
     * @param inputSize the model's square input side (128 or 192): the scale of x, y, w and h
     */
    static List<Candidate> decode(float[] regressors, float[] logits, List<BlazeFaceAnchors.Anchor> anchors,
                                  int inputSize, double minScore) {
        int n = anchors.size();
        if (logits.length < n || regressors.length < n * REGRESSORS_PER_ANCHOR) {
            throw new IllegalArgumentException("BlazeFace outputs hold " + logits.length + " scores and "
                    + regressors.length + " regressors for " + n + " anchors");
        }
        List<Candidate> out = new ArrayList<>();
        for (int a = 0; a < n; a++) {
            double score = sigmoid(Math.max(-SCORE_CLIP, Math.min(SCORE_CLIP, logits[a])));
            if (!(score >= minScore)) {
                continue;
            }
            int r = a * REGRESSORS_PER_ANCHOR;
            BlazeFaceAnchors.Anchor anchor = anchors.get(a);
            double cx = (regressors[r] / inputSize + anchor.xCenter()) * inputSize;
            double cy = (regressors[r + 1] / inputSize + anchor.yCenter()) * inputSize;
            double w = regressors[r + 2];
            double h = regressors[r + 3];
            if (!(w > 0 && h > 0)) {
                continue; // a degenerate box is no face, whatever its score
            }
            List<Landmark> keypoints = new ArrayList<>(KEYPOINTS);
            for (int k = 0; k < KEYPOINTS; k++) {
                keypoints.add(new Landmark(
                        (regressors[r + 4 + 2 * k] / inputSize + anchor.xCenter()) * inputSize,
                        (regressors[r + 5 + 2 * k] / inputSize + anchor.yCenter()) * inputSize));
            }
            out.add(Candidate.ofCentre(cx, cy, w, h, score, keypoints));
        }
        return out;
    }

    static double sigmoid(double x) {
        return 1.0 / (1.0 + Math.exp(-x));
    }
}
