package dev.veil.inference.tracking;

import dev.veil.inference.detect.Face;
import dev.veil.inference.detect.IntList;
import java.util.List;

/**
 * The faces of a frame bucketed by the cells of a coarse grid their box covers, so that the faces near a box are
 * found without looking at all of them: in a crowd of a thousand faces, a track is compared with a handful. A face
 * is filed under every cell it covers, not only its centre's: then one large face (or one large false detection)
 * does not widen every search to the whole frame. A cell's faces are then checked against the searched area itself:
 * a crowd's cell holds a dozen small faces, most of them outside a small face's area.
 */
final class FaceGrid {

    /** Cells across each side of the frame (normalized coordinates). */
    private static final int CELLS = 32;

    /** Each cell's faces, cell after cell (cells by column, then row; faces in their order). */
    private final int[] filed;
    /** Where each cell's faces start in {@link #filed}; the last entry is where the faces end. */
    private final int[] start = new int[CELLS * CELLS + 1];
    /** Per face, the number of the last search that took it: each face is given once per search. */
    private final int[] takenBy;
    /** Per face, its box's edges. */
    private final double[] xMin;
    private final double[] yMin;
    private final double[] xMax;
    private final double[] yMax;
    private int searches;

    FaceGrid(List<Face> faces) {
        int n = faces.size();
        takenBy = new int[n];
        xMin = new double[n];
        yMin = new double[n];
        xMax = new double[n];
        yMax = new double[n];
        for (int i = 0; i < n; i++) {
            Face f = faces.get(i);
            xMin[i] = f.xMin();
            yMin[i] = f.yMin();
            xMax[i] = f.xMax();
            yMax[i] = f.yMax();
            for (int cx = cell(xMin[i]); cx <= cell(xMax[i]); cx++) {
                for (int cy = cell(yMin[i]); cy <= cell(yMax[i]); cy++) {
                    start[cx * CELLS + cy + 1]++;
                }
            }
        }
        for (int c = 0; c < CELLS * CELLS; c++) {
            start[c + 1] += start[c];
        }
        filed = new int[start[CELLS * CELLS]];
        int[] next = java.util.Arrays.copyOf(start, CELLS * CELLS);
        for (int i = 0; i < n; i++) {
            for (int cx = cell(xMin[i]); cx <= cell(xMax[i]); cx++) {
                for (int cy = cell(yMin[i]); cy <= cell(yMax[i]); cy++) {
                    filed[next[cx * CELLS + cy]++] = i;
                }
            }
        }
    }

    /**
     * Indexes of the faces whose box reaches into the area that holds all of {@code boxes} ({x0, y0, x1, y1}), each
     * grown by {@code slack} times its own size on each side; each index once, into {@code into} (cleared first),
     * which is returned. A face that overlaps a box, or whose centre is within {@code slack} sizes of it, is among
     * them.
     */
    IntList near(double[][] boxes, double slack, IntList into) {
        double x0 = Double.POSITIVE_INFINITY;
        double y0 = Double.POSITIVE_INFINITY;
        double x1 = Double.NEGATIVE_INFINITY;
        double y1 = Double.NEGATIVE_INFINITY;
        // Comparisons, not Math.min and Math.max: see FaceTracker.similarity.
        for (double[] b : boxes) {
            double grow = slack * (b[2] - b[0] > b[3] - b[1] ? b[2] - b[0] : b[3] - b[1]);
            x0 = b[0] - grow < x0 ? b[0] - grow : x0;
            y0 = b[1] - grow < y0 ? b[1] - grow : y0;
            x1 = b[2] + grow > x1 ? b[2] + grow : x1;
            y1 = b[3] + grow > y1 ? b[3] + grow : y1;
        }
        into.clear();
        int search = ++searches;
        // The arrays in locals: the JIT's first tier reads a field again on every use, in the loop below too.
        int[] filed = this.filed;
        int[] start = this.start;
        int[] takenBy = this.takenBy;
        double[] xMin = this.xMin;
        double[] yMin = this.yMin;
        double[] xMax = this.xMax;
        double[] yMax = this.yMax;
        int cx1 = cell(x1);
        int cy0 = cell(y0);
        int cy1 = cell(y1);
        for (int cx = cell(x0); cx <= cx1; cx++) {
            for (int cy = cy0; cy <= cy1; cy++) {
                int c = cx * CELLS + cy;
                for (int k = start[c], end = start[c + 1]; k < end; k++) {
                    int face = filed[k];
                    if (takenBy[face] != search) {
                        takenBy[face] = search;
                        if (xMin[face] <= x1 && x0 <= xMax[face] && yMin[face] <= y1 && y0 <= yMax[face]) {
                            into.add(face);
                        }
                    }
                }
            }
        }
        return into;
    }

    /** Face {@code face}'s left edge, as filed (the tracker compares it from here rather than through the list). */
    double xMin(int face) {
        return xMin[face];
    }

    /** Its top edge. */
    double yMin(int face) {
        return yMin[face];
    }

    /** Its right edge. */
    double xMax(int face) {
        return xMax[face];
    }

    /** Its bottom edge. */
    double yMax(int face) {
        return yMax[face];
    }

    private static int cell(double v) {
        // Truncation, not Math.floor: they differ only below 0, which the clamp maps to the first cell either way
        // (and floor is a library call until the JIT's last tier, thousands of times a crowd's frame).
        int c = (int) (v * CELLS);
        return c < 0 ? 0 : c > CELLS - 1 ? CELLS - 1 : c;
    }
}
