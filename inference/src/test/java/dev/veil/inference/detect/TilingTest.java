package dev.veil.inference.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.veil.inference.detect.Tiling.Tile;
import java.util.List;
import org.junit.jupiter.api.Test;

class TilingTest {

    private static Candidate box(double x1, double y1, double x2, double y2) {
        return new Candidate(x1, y1, x2, y2, 0.9, List.of());
    }

    @Test
    void a4kFrameIsCoveredByEvenlySpreadOverlappingTiles() {
        List<Tile> tiles = new Tiling(TilingMode.ON, 640, 0.2).tiles(3840, 2160, 640);

        // Columns: stride 512 -> ceil(3200 / 512) + 1 = 8 tiles, offsets round(t * 3200 / 7).
        // Rows: ceil(1520 / 512) + 1 = 4 tiles, offsets round(t * 1520 / 3).
        assertEquals(32, tiles.size());
        assertEquals(new Tile(0, 0, 640, 640), tiles.get(0));
        assertEquals(new Tile(457, 0, 640, 640), tiles.get(1));
        assertEquals(new Tile(3200, 0, 640, 640), tiles.get(7));
        assertEquals(new Tile(0, 507, 640, 640), tiles.get(8));
        assertEquals(new Tile(3200, 1520, 640, 640), tiles.get(31));
        // neighbours overlap by at least 20% of a tile
        assertTrue(tiles.get(0).x() + 640 - tiles.get(1).x() >= 128);
    }

    @Test
    void aFrameSmallerThanATileOnOneSideGetsTilesOfItsHeight() {
        List<Tile> tiles = new Tiling(TilingMode.ON, 640, 0.2).tiles(2470, 420, 640);

        // Rows: one of 420. Columns: ceil(1830 / 512) + 1 = 5, offsets round(t * 1830 / 4).
        assertEquals(List.of(new Tile(0, 0, 640, 420), new Tile(458, 0, 640, 420), new Tile(915, 0, 640, 420),
                new Tile(1373, 0, 640, 420), new Tile(1830, 0, 640, 420)), tiles);
    }

    @Test
    void offNeverTilesAutoOnlyFramesMoreThanTwiceTheInputOnOnlyFramesLargerThanATile() {
        assertEquals(List.of(), new Tiling(TilingMode.OFF, 640, 0.2).tiles(3840, 2160, 640));
        assertEquals(List.of(), new Tiling(TilingMode.AUTO, 640, 0.2).tiles(1280, 720, 640));
        assertEquals(6, new Tiling(TilingMode.AUTO, 640, 0.2).tiles(1281, 720, 640).size()); // 3 columns x 2 rows
        assertEquals(List.of(), new Tiling(TilingMode.ON, 640, 0.2).tiles(640, 480, 640));
        assertEquals(List.of(new Tile(0, 0, 640, 640), new Tile(160, 0, 640, 640)),
                new Tiling(TilingMode.ON, 640, 0.2).tiles(800, 640, 640));
    }

    @Test
    void aBoxTouchingAnInnerEdgeOfItsTileIsCutButFrameEdgesDoNotCut() {
        // A tile in the middle of a 3840x2160 frame: all four edges are inside the frame. Margin: 1% of 640 = 6.4.
        Tile middle = new Tile(1000, 1000, 640, 640);
        assertFalse(middle.cuts(box(1100, 1100, 1200, 1200), 3840, 2160));
        assertTrue(middle.cuts(box(1006, 1100, 1100, 1200), 3840, 2160), "left edge");
        assertFalse(middle.cuts(box(1007, 1100, 1100, 1200), 3840, 2160));
        assertTrue(middle.cuts(box(1100, 1100, 1634, 1200), 3840, 2160), "right edge");
        assertTrue(middle.cuts(box(1100, 1004, 1200, 1200), 3840, 2160), "top edge");
        assertTrue(middle.cuts(box(1100, 1100, 1200, 1639), 3840, 2160), "bottom edge");

        // The top-left tile: its left and top edges are the frame's, where a face is cut by the camera anyway.
        Tile corner = new Tile(0, 0, 640, 640);
        assertFalse(corner.cuts(box(0, 0, 50, 50), 3840, 2160));
        assertTrue(corner.cuts(box(600, 0, 640, 50), 3840, 2160));
    }

    @Test
    void refusesTilesTooSmallAndOverlapOutOfRange() {
        assertThrows(IllegalArgumentException.class, () -> new Tiling(TilingMode.ON, 16, 0.2));
        assertThrows(IllegalArgumentException.class, () -> new Tiling(TilingMode.ON, 640, 0.6));
        assertThrows(IllegalArgumentException.class, () -> new Tiling(TilingMode.ON, 640, -0.1));
    }
}
