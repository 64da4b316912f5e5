package dev.veil.inference.detect;

import java.util.ArrayList;
import java.util.List;

/**
 * Small faces in big frames: besides the whole frame, letterboxed once, a YOLO model looks at overlapping
 * square tiles of the frame at (nearly) full resolution, and all boxes meet in one suppression. A 4K frame
 * letterboxed whole into 640 pixels shrinks a 30-pixel face to 5, which no model finds; a 640 tile keeps it at 30.
 *
 * <p>A face cut by a tile's edge gives a partial box that suppression would keep beside the whole one (their
 * overlap is small), so a tile's box that touches one of its edges inside the frame is dropped: the overlap
 * between tiles makes sure a face up to that size is whole in a neighbouring tile, and larger faces are found in
 * the whole frame.
 *
 * @param mode     when to tile
 * @param tileSize side of a tile in frame pixels (a tile is letterboxed into the model's input like a frame)
 * @param overlap  fraction of a tile its neighbour covers too, 0..0.5
 */
public record Tiling(TilingMode mode, int tileSize, double overlap) {

    /** Share of the tile's side within which a box counts as touching the edge (at least {@value #MIN_MARGIN} px). */
    static final double EDGE_MARGIN = 0.01;
    static final int MIN_MARGIN = 2;

    public Tiling {
        if (tileSize < 32) {
            throw new IllegalArgumentException("tile size must be at least 32 pixels, not " + tileSize);
        }
        if (!(overlap >= 0 && overlap <= 0.5)) {
            throw new IllegalArgumentException("tile overlap must be within 0..0.5, not " + overlap);
        }
    }

    /** No tiling. */
    public static Tiling off() {
        return new Tiling(TilingMode.OFF, 640, 0.2);
    }

    /** A rectangle of the frame, in pixels. */
    public record Tile(int x, int y, int width, int height) {

        /**
         * Whether a box (frame pixels) found in this tile touches one of the tile's edges that lie inside the frame,
         * that is, whether the tile may have cut the face.
         */
        public boolean cuts(Candidate c, int frameWidth, int frameHeight) {
            double margin = Math.max(MIN_MARGIN, EDGE_MARGIN * Math.min(width, height));
            return (x > 0 && c.x1() <= x + margin)
                    || (y > 0 && c.y1() <= y + margin)
                    || (x + width < frameWidth && c.x2() >= x + width - margin)
                    || (y + height < frameHeight && c.y2() >= y + height - margin);
        }
    }

    /** The tiles of a frame of this size for a model of this input side; empty when the frame is not tiled. */
    public List<Tile> tiles(int width, int height, int inputSize) {
        boolean tiled = switch (mode) {
            case OFF -> false;
            case AUTO -> Math.max(width, height) > 2 * inputSize;
            case ON -> width > tileSize || height > tileSize;
        };
        if (!tiled) {
            return List.of();
        }
        List<int[]> columns = spans(width);
        List<int[]> rows = spans(height);
        List<Tile> tiles = new ArrayList<>(columns.size() * rows.size());
        for (int[] r : rows) {
            for (int[] c : columns) {
                tiles.add(new Tile(c[0], r[0], c[1], r[1]));
            }
        }
        return List.copyOf(tiles);
    }

    /** Offset and length of each tile along one axis: evenly spread, neighbours sharing at least the overlap. */
    private List<int[]> spans(int length) {
        int side = Math.min(tileSize, length);
        if (length <= side) {
            return List.of(new int[]{0, length});
        }
        double stride = side * (1 - overlap);
        int count = (int) Math.ceil((length - side) / stride) + 1;
        List<int[]> spans = new ArrayList<>(count);
        for (int t = 0; t < count; t++) {
            spans.add(new int[]{(int) Math.round((double) t * (length - side) / (count - 1)), side});
        }
        return spans;
    }
}
