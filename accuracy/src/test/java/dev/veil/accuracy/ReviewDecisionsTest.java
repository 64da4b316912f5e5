package dev.veil.accuracy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class ReviewDecisionsTest {

    private static final List<Candidate> CANDIDATES = List.of(
            new Candidate(1, new Box(10, 10, 20, 22), FaceSource.BOTH, 0.9, 0.8),
            new Candidate(2, new Box(100.04, 10, 110, 21.96), FaceSource.YUNET, 0.7, Double.NaN),
            new Candidate(3, new Box(200, 10, 210, 22), FaceSource.YOLO, Double.NaN, 0.6));

    @Test
    void removesByBoxAddsManualFacesAndKeepsNotes() {
        ReviewDecisions review = ReviewDecisions.parse("r", List.of(
                "# a comment",
                "note: checked at 8x",
                "remove #2 100,10,110,22 a hand",
                "add 300,5,320,30 a face both missed"));
        assertEquals(List.of("checked at 8x"), review.notes());
        ReviewDecisions.Outcome out = review.apply(CANDIDATES);
        // In reading order: rows of 32 px, left to right in a row.
        assertEquals(List.of(new TruthFace(new Box(10, 10, 20, 22), FaceSource.BOTH),
                new TruthFace(new Box(200, 10, 210, 22), FaceSource.YOLO),
                new TruthFace(new Box(300, 5, 320, 30), FaceSource.MANUAL)), out.faces());
        assertEquals(List.of(new ReviewDecisions.Decision(new Box(100, 10, 110, 22), "a hand")), out.removed());
        assertEquals(1, out.added().size());
    }

    @Test
    void aRemovalMatchingNoCandidateIsAStaleReview() {
        ReviewDecisions review = ReviewDecisions.parse("r", List.of("remove 400,10,410,22 gone"));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> review.apply(CANDIDATES));
        assertTrue(e.getMessage().contains("review the new candidates"), e.getMessage());
    }

    @Test
    void malformedLinesAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> ReviewDecisions.parse("r", List.of("drop 1,2,3,4 x")));
        assertThrows(IllegalArgumentException.class, () -> ReviewDecisions.parse("r", List.of("add 1,2,3 x")));
    }

    @Test
    void truthFilesWrittenFromAReviewReadBack() {
        ReviewDecisions review = ReviewDecisions.parse("r", List.of("note: n", "remove 100,10,110,22 a hand"));
        ReviewDecisions.Outcome out = review.apply(CANDIDATES);
        List<String> lines = TruthFileWriter.lines("p.jpg", 640, 480, "ab".repeat(32),
                new TruthFileWriter.Provenance("2026-12-01", "A", "B", 2, 2, 1, 1, 1, 0), review, out);
        TruthPhoto read = TruthPhoto.parse("written", lines);
        assertEquals(new TruthPhoto("p.jpg", 640, 480, "ab".repeat(32), out.faces()), read);
        assertTrue(lines.contains("# removed 100,10,110,22: a hand"), lines.toString());
        assertTrue(lines.contains("# Review: removed 1, added 0, final 2."), lines.toString());
    }
}
