package dev.veil.inference.detect;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Removes the overlapping duplicates a detector proposes for one face. Two flavours: the classic one (keep the
 * best box of each overlapping group, as YOLO is trained for) and MediaPipe's weighted one (replace the group
 * by its score-weighted mean box, which is steadier from frame to frame, as BlazeFace is tuned for).
 */
public final class NonMaxSuppression {

    private NonMaxSuppression() {
    }

    /**
     * Highest score first; a candidate overlapping a kept one by more than {@code iouThreshold} is dropped. Only
     * boxes that touch can overlap, so each candidate is compared with the kept boxes of the grid cells it covers
     * (cells of {@value #CELL} pixels): a crowd's thousands of candidates are not each compared with every face kept.
     */
    public static List<Candidate> hard(List<Candidate> candidates, double iouThreshold) {
        List<Candidate> sorted = byScore(candidates);
        List<Candidate> kept = new ArrayList<>();
        java.util.Map<Long, List<Candidate>> cells = new java.util.HashMap<>();
        for (Candidate c : sorted) {
            boolean overlaps = false;
            long x0 = cell(c.x1());
            long x1 = cell(c.x2());
            long y0 = cell(c.y1());
            long y1 = cell(c.y2());
            boolean huge = (x1 - x0 + 1) * (y1 - y0 + 1) > MAX_CELLS;
            if (huge) {
                for (Candidate k : kept) {
                    if (k.iou(c) > iouThreshold) {
                        overlaps = true;
                        break;
                    }
                }
            } else {
                for (Candidate k : cells.getOrDefault(HUGE, List.of())) {
                    if (k.iou(c) > iouThreshold) {
                        overlaps = true;
                        break;
                    }
                }
                search:
                for (long x = x0; !overlaps && x <= x1; x++) {
                    for (long y = y0; y <= y1; y++) {
                        for (Candidate k : cells.getOrDefault(key(x, y), List.of())) {
                            if (k.iou(c) > iouThreshold) {
                                overlaps = true;
                                break search;
                            }
                        }
                    }
                }
            }
            if (!overlaps) {
                kept.add(c);
                if (!huge) {
                    for (long x = x0; x <= x1; x++) {
                        for (long y = y0; y <= y1; y++) {
                            cells.computeIfAbsent(key(x, y), k -> new ArrayList<>(2)).add(c);
                        }
                    }
                } else {
                    hugeKept(cells).add(c);
                }
            }
        }
        return kept;
    }

    /** Side of the grid cells the kept boxes are filed under, in the candidates' pixels. */
    private static final double CELL = 32;
    /** A box over more cells than this is compared with every kept box (and every box with it) instead. */
    private static final int MAX_CELLS = 256;
    private static final long HUGE = Long.MIN_VALUE;

    private static long cell(double v) {
        return (long) Math.floor(v / CELL);
    }

    private static long key(long x, long y) {
        return (x << 32) ^ (y & 0xffffffffL);
    }

    /** Kept boxes too large for the grid: every candidate is compared with them too. */
    private static List<Candidate> hugeKept(java.util.Map<Long, List<Candidate>> cells) {
        return cells.computeIfAbsent(HUGE, k -> new ArrayList<>());
    }

    /**
     * MediaPipe's WEIGHTED algorithm: take the best remaining candidate and every remaining one overlapping it by
     * more than {@code iouThreshold}; emit their score-weighted mean box and landmarks with the best one's score.
     */
    public static List<Candidate> weighted(List<Candidate> candidates, double iouThreshold) {
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
