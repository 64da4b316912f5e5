package dev.veil.inference.blazeface;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.veil.inference.blazeface.SquareTiles.Tile;
import java.util.List;
import org.junit.jupiter.api.Test;

class SquareTilesTest {

    @Test
    void sixteenByNineGetsTwoSquaresAtTheEdges() {
        assertEquals(List.of(new Tile(0, 0, 720), new Tile(560, 0, 720)), SquareTiles.of(1280, 720));
    }

    @Test
    void portraitFramesAreCutTopToBottom() {
        assertEquals(List.of(new Tile(0, 0, 720), new Tile(0, 560, 720)), SquareTiles.of(720, 1280));
    }

    @Test
    void longStripsGetEvenlySpacedSquares() {
        // 2470 / 420 -> 6 squares; 2050 pixels of travel in 5 steps of 410.
        assertEquals(List.of(new Tile(0, 0, 420), new Tile(410, 0, 420), new Tile(820, 0, 420),
                new Tile(1230, 0, 420), new Tile(1640, 0, 420), new Tile(2050, 0, 420)), SquareTiles.of(2470, 420));
        // Uneven travel is rounded: 1000 - 300 = 700 in 3 steps.
        assertEquals(List.of(new Tile(0, 0, 300), new Tile(233, 0, 300), new Tile(467, 0, 300), new Tile(700, 0, 300)),
                SquareTiles.of(1000, 300));
    }

    @Test
    void framesUpTo4By3AreNotCut() {
        assertEquals(List.of(), SquareTiles.of(640, 480));
        assertEquals(List.of(), SquareTiles.of(512, 512));
        assertEquals(List.of(), SquareTiles.of(810, 1080));
        assertEquals(2, SquareTiles.of(641, 480).size());
    }
}
