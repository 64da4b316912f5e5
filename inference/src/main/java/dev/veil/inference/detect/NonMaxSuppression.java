package dev.veil.inference.detect;

import java.util.ArrayList;
import java.util.Arrays;
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
        CandidateColumns columns = new CandidateColumns(0);
        for (Candidate c : candidates) {
            columns.add(c.x1(), c.y1(), c.x2(), c.y2(), c.score());
        }
        List<Candidate> kept = new ArrayList<>();
        for (int row : hard(columns, iouThreshold)) {
            kept.add(candidates.get(row));
        }
        return kept;
    }

    /** As {@link #hard(List, double)}, on columns: the rows kept, highest score first. */
    public static int[] hard(CandidateColumns candidates, double iouThreshold) {
        return hard(candidates, iouThreshold, Integer.MAX_VALUE);
    }

    /**
     * As {@link #hard(CandidateColumns, double)}, only the {@code limit} best candidates considered: a bound on the
     * work a picture of noise can cause.
     */
    public static int[] hard(CandidateColumns candidates, double iouThreshold, int limit) {
        int[] sorted = Ranking.highestFirst(candidates.scores(), candidates.size());
        if (sorted.length > limit) {
            sorted = Arrays.copyOf(sorted, limit);
        }
        IntList kept = new IntList();
        IntList hugeKept = new IntList();
        Grid grid = new Grid(candidates);
        for (int c : sorted) {
            int x0 = grid.column(candidates.x1(c));
            int x1 = grid.column(candidates.x2(c));
            int y0 = grid.row(candidates.y1(c));
            int y1 = grid.row(candidates.y2(c));
            boolean huge = (long) (x1 - x0 + 1) * (y1 - y0 + 1) > MAX_CELLS;
            boolean overlaps;
            if (huge) {
                overlaps = anyOverlaps(candidates, kept, c, iouThreshold);
            } else {
                overlaps = anyOverlaps(candidates, hugeKept, c, iouThreshold);
                for (int x = x0; !overlaps && x <= x1; x++) {
                    for (int y = y0; !overlaps && y <= y1; y++) {
                        IntList cell = grid.at(x, y);
                        overlaps = cell != null && anyOverlaps(candidates, cell, c, iouThreshold);
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
        return kept.toArray();
    }

    private static boolean anyOverlaps(CandidateColumns all, IntList kept, int c, double iouThreshold) {
        for (int i = 0; i < kept.size(); i++) {
            if (iou(all, kept.get(i), c) > iouThreshold) {
                return true;
            }
        }
        return false;
    }

    /** {@link Candidate#iou}, on two rows. */
    private static double iou(CandidateColumns all, int a, int b) {
        double iw = Math.min(all.x2(a), all.x2(b)) - Math.max(all.x1(a), all.x1(b));
        double ih = Math.min(all.y2(a), all.y2(b)) - Math.max(all.y1(a), all.y1(b));
        if (iw <= 0 || ih <= 0) {
            return 0;
        }
        double inter = iw * ih;
        return inter / (all.area(a) + all.area(b) - inter);
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
        private final IntList[] cells;

        Grid(CandidateColumns candidates) {
            double minX = Double.POSITIVE_INFINITY;
            double minY = Double.POSITIVE_INFINITY;
            double maxX = Double.NEGATIVE_INFINITY;
            double maxY = Double.NEGATIVE_INFINITY;
            for (int c = 0; c < candidates.size(); c++) {
                minX = Math.min(minX, candidates.x1(c));
                minY = Math.min(minY, candidates.y1(c));
                maxX = Math.max(maxX, candidates.x2(c));
                maxY = Math.max(maxY, candidates.y2(c));
            }
            boolean any = minX <= maxX && minY <= maxY && Double.isFinite(minX + minY + maxX + maxY);
            left = any ? minX : 0;
            top = any ? minY : 0;
            columns = any ? side(maxX - minX) : 1;
            rows = any ? side(maxY - minY) : 1;
            cells = new IntList[columns * rows];
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

        /** The rows kept in a cell, or null for none. */
        IntList at(int x, int y) {
            return cells[y * columns + x];
        }

        void add(int x, int y, int row) {
            int i = y * columns + x;
            if (cells[i] == null) {
                cells[i] = new IntList();
            }
            cells[i].add(row);
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

    /** The candidates, highest score first (equal scores in their order). */
    public static List<Candidate> byScore(List<Candidate> candidates) {
        double[] scores = new double[candidates.size()];
        for (int i = 0; i < scores.length; i++) {
            scores[i] = candidates.get(i).score();
        }
        List<Candidate> sorted = new ArrayList<>(scores.length);
        for (int i : Ranking.highestFirst(scores, scores.length)) {
            sorted.add(candidates.get(i));
        }
        return sorted;
    }
}
