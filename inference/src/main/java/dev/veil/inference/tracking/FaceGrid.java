package dev.veil.inference.tracking;

import dev.veil.inference.detect.Face;
import dev.veil.inference.detect.IntList;
import java.util.List;

/**
 * The faces of a frame bucketed by the cells of a coarse grid their box covers, so that the faces near a box are
 * found without looking at all of them: in a crowd of a thousand faces, a track is compared with a handful. A face
 * is filed under every cell it covers, not only its centre's: then one large face (or one large false detection)
 * does not widen every search to the whole frame.
 */
final class FaceGrid {

    /** Cells across each side of the frame (normalized coordinates). */
    private static final int CELLS = 32;

    private final IntList[] cells = new IntList[CELLS * CELLS];
    /** Per face, the number of the last search that took it: each face is given once per search. */
    private final int[] takenBy;
    private int searches;

    FaceGrid(List<Face> faces) {
        takenBy = new int[faces.size()];
        for (int i = 0; i < faces.size(); i++) {
            Face f = faces.get(i);
            for (int cx = cell(f.xMin()); cx <= cell(f.xMax()); cx++) {
                for (int cy = cell(f.yMin()); cy <= cell(f.yMax()); cy++) {
                    int c = cx * CELLS + cy;
                    if (cells[c] == null) {
                        cells[c] = new IntList();
                    }
                    cells[c].add(i);
                }
            }
        }
    }

    /**
     * Indexes of the faces whose box reaches into any of {@code boxes} ({x0, y0, x1, y1}) grown by {@code slack}
     * times the box's own size on each side; each index once, into {@code into} (cleared first), which is returned.
     * A face that overlaps a box, or whose centre is within {@code slack} sizes of it, is among them.
     */
    IntList near(double[][] boxes, double slack, IntList into) {
        double x0 = Double.POSITIVE_INFINITY;
        double y0 = Double.POSITIVE_INFINITY;
        double x1 = Double.NEGATIVE_INFINITY;
        double y1 = Double.NEGATIVE_INFINITY;
        for (double[] b : boxes) {
            double grow = slack * Math.max(b[2] - b[0], b[3] - b[1]);
            x0 = Math.min(x0, b[0] - grow);
            y0 = Math.min(y0, b[1] - grow);
            x1 = Math.max(x1, b[2] + grow);
            y1 = Math.max(y1, b[3] + grow);
        }
        into.clear();
        int search = ++searches;
        for (int cx = cell(x0); cx <= cell(x1); cx++) {
            for (int cy = cell(y0); cy <= cell(y1); cy++) {
                IntList in = cells[cx * CELLS + cy];
                if (in == null) {
                    continue;
                }
                for (int k = 0; k < in.size(); k++) {
                    int face = in.get(k);
                    if (takenBy[face] != search) {
                        takenBy[face] = search;
                        into.add(face);
                    }
                }
            }
        }
        return into;
    }

    private static int cell(double v) {
        return Math.max(0, Math.min(CELLS - 1, (int) Math.floor(v * CELLS)));
    }
}
