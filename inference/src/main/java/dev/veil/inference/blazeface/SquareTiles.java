package dev.veil.inference.blazeface;

import java.util.ArrayList;
import java.util.List;

/**
 * Where to cut a wide (or tall) frame into squares of its short side, so that a square-input model sees each
 * part at a larger scale than the whole letterboxed frame. As few squares as cover the long side, spread evenly
 * from one edge to the other, so neighbours overlap (a 16:9 frame: two squares sharing 2/9 of the width).
 */
final class SquareTiles {

    /** A square of the frame: its top-left corner and side, in pixels. */
    record Tile(int x, int y, int side) {
    }

    /** Frames closer to square than this (long side / short side) are not cut: a tile would barely help. */
    static final double MIN_ASPECT = 4.0 / 3.0;

    private SquareTiles() {
    }

    /** The tiles of a frame, or none when it is not elongated enough to need them. */
    static List<Tile> of(int width, int height) {
        int shortSide = Math.min(width, height);
        int longSide = Math.max(width, height);
        if (shortSide <= 0 || longSide <= MIN_ASPECT * shortSide) {
            return List.of();
        }
        int count = (int) Math.ceil((double) longSide / shortSide);
        List<Tile> tiles = new ArrayList<>(count);
        for (int t = 0; t < count; t++) {
            int offset = (int) Math.round((double) t * (longSide - shortSide) / (count - 1));
            tiles.add(width > height ? new Tile(offset, 0, shortSide) : new Tile(0, offset, shortSide));
        }
        return List.copyOf(tiles);
    }
}
