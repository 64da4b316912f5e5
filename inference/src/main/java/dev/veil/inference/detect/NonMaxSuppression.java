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
        List<Candidate> hugeKept = new ArrayList<>();
        Grid grid = new Grid(sorted);
        for (Candidate c : sorted) {
            int x0 = grid.column(c.x1());
            int x1 = grid.column(c.x2());
            int y0 = grid.row(c.y1());
            int y1 = grid.row(c.y2());
            boolean huge = (long) (x1 - x0 + 1) * (y1 - y0 + 1) > MAX_CELLS;
            boolean overlaps = false;
            if (huge) {
                overlaps = anyOverlaps(kept, c, iouThreshold);
            } else {
                overlaps = anyOverlaps(hugeKept, c, iouThreshold);
                for (int x = x0; !overlaps && x <= x1; x++) {
                    for (int y = y0; !overlaps && y <= y1; y++) {
                        overlaps = anyOverlaps(grid.at(x, y), c, iouThreshold);
                    }
                }
            }
            if (!overlaps) {
                kept.add(c);
                if (huge) {
                    hugeKept.add(c);
                } else {
                    for (int x = x0; x <= x1; x++) {
                        for (int y = y0; y <= y1; y++) {
                            grid.add(x, y, c);
                        }
                    }
                }
            }
        }
        return kept;
    }

    private static boolean anyOverlaps(List<Candidate> kept, Candidate c, double iouThreshold) {
        for (Candidate k : kept) {
            if (k.iou(c) > iouThreshold) {
                return true;
            }
        }
        return false;
    }

    /**
     * The kept boxes by the cells they cover, in an array over the candidates' extent (a hash map of cells spent
     * more time in collided buckets than comparing boxes in a crowd). Cells beyond {@value #MAX_SIDE} a side are
     * merged into the last: clamping keeps every pair of overlapping boxes in a shared cell, it only adds
     * comparisons.
     */
    private static final class Grid {
        private static final int MAX_SIDE = 1024;
        private final double left;
        private final double top;
        private final int columns;
        private final int rows;
        private final List<Candidate>[] cells;

        @SuppressWarnings("unchecked")
        Grid(List<Candidate> candidates) {
            double minX = Double.POSITIVE_INFINITY;
            double minY = Double.POSITIVE_INFINITY;
            double maxX = Double.NEGATIVE_INFINITY;
            double maxY = Double.NEGATIVE_INFINITY;
            for (Candidate c : candidates) {
                minX = Math.min(minX, c.x1());
                minY = Math.min(minY, c.y1());
                maxX = Math.max(maxX, c.x2());
                maxY = Math.max(maxY, c.y2());
            }
            boolean any = minX <= maxX && minY <= maxY && Double.isFinite(minX + minY + maxX + maxY);
            left = any ? minX : 0;
            top = any ? minY : 0;
            columns = any ? side(maxX - minX) : 1;
            rows = any ? side(maxY - minY) : 1;
            cells = new List[columns * rows];
        }

        private static int side(double extent) {
            return (int) Math.min(MAX_SIDE, Math.floor(extent / CELL) + 1);
        }

        int column(double x) {
            return index((x - left) / CELL, columns);
        }

        int row(double y) {
            return index((y - top) / CELL, rows);
        }

        private static int index(double cell, int count) {
            // NaN and anything outside land in the first or last cell (NaN compares false: first).
            return cell >= count - 1 ? count - 1 : cell > 0 ? (int) cell : 0;
        }

        List<Candidate> at(int x, int y) {
            List<Candidate> cell = cells[y * columns + x];
            return cell == null ? List.of() : cell;
        }

        void add(int x, int y, Candidate c) {
            int i = y * columns + x;
            if (cells[i] == null) {
                cells[i] = new ArrayList<>(2);
            }
            cells[i].add(c);
        }
    }

    /** Side of the grid cells the kept boxes are filed under, in the candidates' pixels. */
    private static final double CELL = 32;
    /** A box over more cells than this is compared with every kept box (and every box with it) instead. */
    private static final int MAX_CELLS = 256;

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
