package dev.veil.accuracy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class FrameTruthTest {

    @Test
    void facesInsideAreScoredWhole() {
        FrameTruth t = FrameTruth.visibleIn(List.of(new Box(10, 10, 30, 40)), 100, 50);
        assertEquals(List.of(new Box(10, 10, 30, 40)), t.faces());
        assertEquals(List.of(), t.barelyVisible());
    }

    @Test
    void aFaceCutByTheEdgeIsScoredOnItsVisiblePartWhenEnoughShows() {
        // 40% of a 20x20 face shows at the left edge: scored as the 8x20 part.
        // 20% at the right edge: too little, set aside.
        FrameTruth t = FrameTruth.visibleIn(List.of(new Box(-12, 0, 8, 20), new Box(96, 0, 116, 20)), 100, 50);
        assertEquals(List.of(new Box(0, 0, 8, 20)), t.faces());
        assertEquals(List.of(new Box(96, 0, 100, 20)), t.barelyVisible());
    }

    @Test
    void aVisiblePartUnderTwoPixelsIsNotScoredAndNothingVisibleIsDropped() {
        // A 1.5x1.5 face shows whole but is too small; a face wholly outside the frame is gone.
        FrameTruth t = FrameTruth.visibleIn(List.of(new Box(50, 20, 51.5, 21.5), new Box(200, 0, 220, 20)), 100, 50);
        assertEquals(List.of(), t.faces());
        assertEquals(List.of(new Box(50, 20, 51.5, 21.5)), t.barelyVisible());
    }

    @Test
    void aStillScoresEveryFace() {
        TruthPhoto photo = new TruthPhoto("p.jpg", 100, 50, "0".repeat(64),
                List.of(new TruthFace(new Box(1, 2, 3, 4), FaceSource.BOTH)));
        FrameTruth t = FrameTruth.of(photo);
        assertEquals(100, t.width());
        assertEquals(50, t.height());
        assertEquals(List.of(new Box(1, 2, 3, 4)), t.faces());
    }
}
