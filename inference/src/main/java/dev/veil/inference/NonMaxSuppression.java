package dev.veil.inference;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Removes the overlapping duplicates a detector proposes for one face. Two flavours: the classic one (keep the
 * best box of each overlapping group, as YOLO is trained for) and MediaPipe's weighted one (replace the group
 * by its score-weighted mean box, which is steadier from frame to frame, as BlazeFace is tuned for).
 */
final class NonMaxSuppression {

    private NonMaxSuppression() {
    }

    /** Highest score first; a candidate overlapping a kept one by more than {@code iouThreshold} is dropped. */
    static List<Candidate> hard(List<Candidate> candidates, double iouThreshold) {
        List<Candidate> sorted = byScore(candidates);
        List<Candidate> kept = new ArrayList<>();
        for (Candidate c : sorted) {
            boolean overlaps = false;
            for (Candidate k : kept) {
                if (k.iou(c) > iouThreshold) {
                    overlaps = true;
                    break;
                }
            }
            if (!overlaps) {
                kept.add(c);
            }
        }
        return kept;
    }

    /**
     * MediaPipe's WEIGHTED algorithm: take the best remaining candidate and every remaining one overlapping it by
     * more than {@code iouThreshold}; emit their score-weighted mean box and landmarks with the best one's score.
     */
    static List<Candidate> weighted(List<Candidate> candidates, double iouThreshold) {
        List<Candidate> remaining = byScore(candidates);
        List<Candidate> kept = new ArrayList<>();
        while (!remaining.isEmpty()) {
            Candidate best = remaining.get(0);
            List<Candidate> group = new ArrayList<>();
            List<Candidate> rest = new ArrayList<>();
            for (Candidate c : remaining) {
                if (c == best || best.iou(c) > iouThreshold) {
                    group.add(c);
                } else {
                    rest.add(c);
                }
            }
            kept.add(weightedMean(best, group));
            remaining = rest;
        }
        return kept;
    }

    private static Candidate weightedMean(Candidate best, List<Candidate> group) {
        if (group.size() == 1) {
            return best;
        }
        double total = 0;
        double x1 = 0;
        double y1 = 0;
        double x2 = 0;
        double y2 = 0;
        int points = best.landmarks().size();
        double[] lx = new double[points];
        double[] ly = new double[points];
        for (Candidate c : group) {
            double w = c.score();
            total += w;
            x1 += c.x1() * w;
            y1 += c.y1() * w;
            x2 += c.x2() * w;
            y2 += c.y2() * w;
            for (int i = 0; i < points && i < c.landmarks().size(); i++) {
                lx[i] += c.landmarks().get(i).x() * w;
                ly[i] += c.landmarks().get(i).y() * w;
            }
        }
        if (total <= 0) {
            return best;
        }
        List<Landmark> landmarks = new ArrayList<>(points);
        for (int i = 0; i < points; i++) {
            landmarks.add(new Landmark(lx[i] / total, ly[i] / total));
        }
        return new Candidate(x1 / total, y1 / total, x2 / total, y2 / total, best.score(), landmarks);
    }

    private static List<Candidate> byScore(List<Candidate> candidates) {
        List<Candidate> sorted = new ArrayList<>(candidates);
        sorted.sort(Comparator.comparingDouble(Candidate::score).reversed());
        return sorted;
    }
}
