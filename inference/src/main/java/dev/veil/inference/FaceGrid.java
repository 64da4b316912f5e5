package dev.veil.inference;

import java.util.List;

/**
 * The faces of a frame bucketed by the cell of a coarse grid their centre falls in, so that the faces near a box
 * are found without looking at all of them: in a crowd of a thousand faces, a track is compared with a handful.
 */
final class FaceGrid {

    /** Cells across each side of the frame (normalized coordinates). */
    private static final int CELLS = 32;

    private final IntList[] cells = new IntList[CELLS * CELLS];
    /** The largest face's size: a face whose centre is further from a box than that (and the slack) cannot touch it. */
    private final double largest;

    FaceGrid(List<Face> faces) {
        double max = 0;
        for (int i = 0; i < faces.size(); i++) {
            Face f = faces.get(i);
            int cell = cell((f.xMin() + f.xMax()) / 2) * CELLS + cell((f.yMin() + f.yMax()) / 2);
            if (cells[cell] == null) {
                cells[cell] = new IntList();
            }
            cells[cell].add(i);
            max = Math.max(max, Math.max(f.width(), f.height()));
        }
        this.largest = max;
    }

    /**
     * Indexes of the faces whose centre lies within reach of any of {@code boxes} ({x0, y0, x1, y1}): inside a box
     * grown by half the largest face and by {@code slack} times the box's own size; each index once, into
     * {@code into} (cleared first), which is returned.
     */
    IntList near(double[][] boxes, double slack, IntList into) {
        double x0 = Double.POSITIVE_INFINITY;
        double y0 = Double.POSITIVE_INFINITY;
        double x1 = Double.NEGATIVE_INFINITY;
        double y1 = Double.NEGATIVE_INFINITY;
        for (double[] b : boxes) {
            double grow = largest / 2 + slack * Math.max(b[2] - b[0], b[3] - b[1]);
            x0 = Math.min(x0, b[0] - grow);
            y0 = Math.min(y0, b[1] - grow);
            x1 = Math.max(x1, b[2] + grow);
            y1 = Math.max(y1, b[3] + grow);
        }
        into.clear();
        for (int cx = cell(x0); cx <= cell(x1); cx++) {
            for (int cy = cell(y0); cy <= cell(y1); cy++) {
                IntList in = cells[cx * CELLS + cy];
                if (in != null) {
                    into.addAll(in);
                }
            }
        }
        return into;
    }

    /** A growable list of ints, without boxing. */
    static final class IntList {
        private int[] values = new int[16];
        private int size;

        void add(int v) {
            if (size == values.length) {
                values = java.util.Arrays.copyOf(values, size * 2);
            }
            values[size++] = v;
        }

        void addAll(IntList other) {
            for (int i = 0; i < other.size; i++) {
                add(other.values[i]);
            }
        }

        void clear() {
            size = 0;
        }

        int size() {
            return size;
        }

        int get(int i) {
            return values[i];
        }
    }

    private static int cell(double v) {
        return Math.max(0, Math.min(CELLS - 1, (int) Math.floor(v * CELLS)));
    }
}
