package dev.veil.inference.blazeface;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.veil.inference.blazeface.BlazeFaceAnchors.Anchor;
import java.util.List;
import org.junit.jupiter.api.Test;

class BlazeFaceAnchorsTest {

    @Test
    void shortRangeHasTwoAnchorsPerCellOn16x16ThenSixOn8x8() {
        List<Anchor> anchors = BlazeFaceAnchors.generate(128, 128, new int[]{8, 16, 16, 16}, true);

        assertEquals(896, anchors.size());
        // stride 8: 16x16 cells, 2 anchors each (aspect 1 + interpolated), centres at (x + 0.5) / 16
        assertEquals(new Anchor(0.03125, 0.03125), anchors.get(0));
        assertEquals(new Anchor(0.03125, 0.03125), anchors.get(1));
        assertEquals(new Anchor(0.09375, 0.03125), anchors.get(2));
        assertEquals(new Anchor(0.03125, 0.09375), anchors.get(32));
        assertEquals(new Anchor(0.96875, 0.96875), anchors.get(511));
        // three layers of stride 16 share one 8x8 map: 6 anchors per cell
        for (int i = 512; i < 518; i++) {
            assertEquals(new Anchor(0.0625, 0.0625), anchors.get(i));
        }
        assertEquals(new Anchor(0.1875, 0.0625), anchors.get(518));
        assertEquals(new Anchor(0.9375, 0.9375), anchors.get(895));
    }

    @Test
    void fullRangeHasOneAnchorPerCellOn48x48() {
        List<Anchor> anchors = BlazeFaceAnchors.generate(192, 192, new int[]{4}, false);

        assertEquals(2304, anchors.size());
        assertEquals(new Anchor(0.5 / 48, 0.5 / 48), anchors.get(0));
        assertEquals(new Anchor(1.5 / 48, 0.5 / 48), anchors.get(1));
        assertEquals(new Anchor(0.5 / 48, 1.5 / 48), anchors.get(48));
        assertEquals(new Anchor(47.5 / 48, 47.5 / 48), anchors.get(2303));
    }

    @Test
    void rangesCarryTheirAnchors() {
        assertEquals(896, BlazeFaceDetector.Range.SHORT.anchorCount());
        assertEquals(128, BlazeFaceDetector.Range.SHORT.inputSize());
        assertEquals(2304, BlazeFaceDetector.Range.FULL.anchorCount());
        assertEquals(192, BlazeFaceDetector.Range.FULL.inputSize());
    }
}
