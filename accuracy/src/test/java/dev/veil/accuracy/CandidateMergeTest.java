package dev.veil.accuracy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class CandidateMergeTest {

    @Test
    void overlappingBoxesOfBothReferencesBecomeOneAveragedFace() {
        // IoU of the two: overlap 9x10 = 90 over 110, 0.82.
        List<Candidate> c = CandidateMerge.merge(List.of(new ScoredBox(new Box(0, 0, 10, 10), 0.9)),
                List.of(new ScoredBox(new Box(1, 0, 11, 10), 0.8)));
        assertEquals(List.of(new Candidate(1, new Box(0.5, 0, 10.5, 10), FaceSource.BOTH, 0.9, 0.8)), c);
    }

    @Test
    void boxesOverlappingTooLittleKeepTheirSource() {
        // IoU 25/175 = 0.14, under 0.3.
        List<Candidate> c = CandidateMerge.merge(List.of(new ScoredBox(new Box(0, 0, 10, 10), 0.9)),
                List.of(new ScoredBox(new Box(5, 5, 15, 15), 0.8)));
        assertEquals(List.of(FaceSource.YUNET, FaceSource.YOLO), c.stream().map(Candidate::source).toList());
        assertTrue(Double.isNaN(c.get(0).yoloScore()));
        assertTrue(Double.isNaN(c.get(1).yunetScore()));
    }

    @Test
    void eachBoxPairsOnceBestOverlapFirst() {
        // One YOLO box between two YuNet boxes: it pairs with the closer (IoU 0.82 against 0.33); the other stays.
        Box yolo = new Box(1, 0, 11, 10);
        List<Candidate> c = CandidateMerge.merge(
                List.of(new ScoredBox(new Box(6, 0, 16, 10), 0.7), new ScoredBox(new Box(0, 0, 10, 10), 0.9)),
                List.of(new ScoredBox(yolo, 0.8)));
        assertEquals(2, c.size());
        assertEquals(new Candidate(1, new Box(0.5, 0, 10.5, 10), FaceSource.BOTH, 0.9, 0.8), c.get(0));
        assertEquals(FaceSource.YUNET, c.get(1).source());
        assertEquals(new Box(6, 0, 16, 10), c.get(1).box());
    }

    @Test
    void candidatesAreNumberedInReadingOrder() {
        List<Candidate> c = CandidateMerge.merge(
                List.of(new ScoredBox(new Box(500, 100, 510, 110), 0.9), new ScoredBox(new Box(10, 5, 20, 15), 0.9)),
                List.of(new ScoredBox(new Box(300, 2, 310, 12), 0.8)));
        assertEquals(List.of(new Box(10, 5, 20, 15), new Box(300, 2, 310, 12), new Box(500, 100, 510, 110)),
                c.stream().map(Candidate::box).toList());
        assertEquals(List.of(1, 2, 3), c.stream().map(Candidate::id).toList());
        assertEquals("2,300,2,310,12,yolo,-,0.800", c.get(1).csv());
    }
}
