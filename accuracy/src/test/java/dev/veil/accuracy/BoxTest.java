package dev.veil.accuracy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class BoxTest {

    private static final double EPS = 1e-12;

    @Test
    void measuresAreCornerToCorner() {
        Box b = new Box(10, 20, 30, 60);
        assertEquals(20, b.width(), EPS);
        assertEquals(40, b.height(), EPS);
        assertEquals(800, b.area(), EPS);
        assertEquals(20, b.centreX(), EPS);
        assertEquals(40, b.centreY(), EPS);
    }

    @Test
    void iouOfOverlappingBoxes() {
        Box a = new Box(0, 0, 10, 10);
        // Overlap 5x10 = 50, union 100 + 100 - 50 = 150.
        assertEquals(50.0 / 150, a.iou(new Box(5, 0, 15, 10)), EPS);
        // A box inside another: 4x4 = 16 over 100.
        assertEquals(0.16, a.iou(new Box(3, 3, 7, 7)), EPS);
        assertEquals(1, a.iou(a), EPS);
    }

    @Test
    void iouOfBoxesThatOnlyTouchIsZero() {
        Box a = new Box(0, 0, 10, 10);
        assertEquals(0, a.iou(new Box(10, 0, 20, 10)), EPS);
        assertEquals(0, a.iou(new Box(20, 20, 30, 30)), EPS);
        assertEquals(0, new Box(5, 5, 5, 5).iou(new Box(5, 5, 5, 5)), EPS);
    }

    @Test
    void coveredByIsTheShareOfThisBox() {
        Box face = new Box(0, 0, 10, 10);
        assertEquals(0.5, face.coveredBy(new Box(5, -100, 100, 100)), EPS);
        assertEquals(1, face.coveredBy(new Box(-1, -1, 11, 11)), EPS);
        assertEquals(0.25, new Box(0, 0, 20, 20).coveredBy(face), EPS);
        assertEquals(0, new Box(3, 3, 3, 9).coveredBy(face), EPS);
    }

    @Test
    void grownByAShareOfItsOwnSizeOnEachSide() {
        // 20 wide, 40 tall, 0.2 per side: 4 px left and right, 8 px above and below, as the sink grows faces.
        assertEquals(new Box(6, 12, 34, 68), new Box(10, 20, 30, 60).grown(0.2));
        assertEquals(new Box(10, 20, 30, 60), new Box(10, 20, 30, 60).grown(0));
    }

    @Test
    void scaledAndTranslated() {
        Box b = new Box(10, 20, 30, 60);
        assertEquals(new Box(15, 10, 45, 30), b.scaled(1.5, 0.5));
        assertEquals(new Box(7, 25, 27, 65), b.translated(-3, 5));
        assertEquals(new Box(64, 72, 192, 216), Box.ofNormalized(0.1, 0.2, 0.3, 0.6, 640, 360));
    }

    @Test
    void clippedToTheFrame() {
        assertEquals(new Box(0, 5, 4, 10), new Box(-6, 5, 4, 15).clippedTo(100, 10));
        Box outside = new Box(120, 5, 130, 9).clippedTo(100, 10);
        assertEquals(0, outside.area(), EPS);
    }

    @Test
    void averagedCornerByCorner() {
        assertEquals(new Box(1, 2, 11, 13), new Box(0, 0, 10, 10).averagedWith(new Box(2, 4, 12, 16)));
    }

    @Test
    void refusesInvertedOrNonFiniteBoxes() {
        assertThrows(IllegalArgumentException.class, () -> new Box(10, 0, 5, 10));
        assertThrows(IllegalArgumentException.class, () -> new Box(0, 10, 5, 0));
        assertThrows(IllegalArgumentException.class, () -> new Box(0, 0, Double.NaN, 1));
        assertThrows(IllegalArgumentException.class, () -> new Box(0, 0, Double.POSITIVE_INFINITY, 1));
    }
}
