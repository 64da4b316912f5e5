package dev.veil.inference.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class NonMaxSuppressionTest {

    private static Candidate box(double x1, double y1, double x2, double y2, double score) {
        return new Candidate(x1, y1, x2, y2, score, List.of());
    }

    @Test
    void iouOfKnownBoxes() {
        // Two 10x10 squares sharing a 5x10 strip: 50 / (100 + 100 - 50) = 1/3.
        assertEquals(1.0 / 3, box(0, 0, 10, 10, 1).iou(box(5, 0, 15, 10, 1)), 1e-12);
        assertEquals(1.0, box(0, 0, 10, 10, 1).iou(box(0, 0, 10, 10, 1)), 1e-12);
        assertEquals(0.0, box(0, 0, 10, 10, 1).iou(box(10, 0, 20, 10, 1)));
        assertEquals(0.0, box(0, 0, 0, 0, 1).iou(box(0, 0, 0, 0, 1)));
    }

    @Test
    void theGridKeepsExactlyWhatComparingEveryPairKeeps() {
        // A crowd of candidates of every size, some larger than the grid's cell limit, some outside the frame.
        java.util.Random random = new java.util.Random(7);
        List<Candidate> candidates = new java.util.ArrayList<>();
        for (int i = 0; i < 3000; i++) {
            double size = i % 100 == 0 ? 700 : 4 + random.nextDouble() * 60;
            double x = -50 + random.nextDouble() * 1300;
            double y = -50 + random.nextDouble() * 740;
            candidates.add(box(x, y, x + size, y + size * 1.2, random.nextDouble()));
        }
        // Far beyond the grid's last cells (a million pixels out), where cells are merged: still exact.
        for (int i = 0; i < 40; i++) {
            double x = (i % 2 == 0 ? 4e7 : -4e7) + random.nextDouble() * 100;
            double y = (i % 4 < 2 ? 3e7 : -3e7) + random.nextDouble() * 100;
            candidates.add(box(x, y, x + 50, y + 60, random.nextDouble()));
        }
        List<Candidate> expected = new java.util.ArrayList<>();
        List<Candidate> sorted = new java.util.ArrayList<>(candidates);
        sorted.sort(java.util.Comparator.comparingDouble(Candidate::score).reversed());
        for (Candidate c : sorted) {
            if (expected.stream().noneMatch(k -> k.iou(c) > 0.3)) {
                expected.add(c);
            }
        }

        assertEquals(expected, NonMaxSuppression.hard(candidates, 0.3));
    }

    @Test
    void onColumnsTheSameRowsAreKeptAndALimitComparesOnlyTheBest() {
        java.util.Random random = new java.util.Random(3);
        List<Candidate> candidates = new java.util.ArrayList<>();
        CandidateColumns columns = new CandidateColumns(0);
        for (int i = 0; i < 2000; i++) {
            double size = 6 + random.nextDouble() * 40;
            double x = random.nextDouble() * 1280;
            double y = random.nextDouble() * 720;
            double score = Math.round(random.nextDouble() * 50) / 50.0; // ties too
            candidates.add(box(x, y, x + size, y + size, score));
            columns.add(x, y, x + size, y + size, score);
        }

        List<Candidate> kept = new java.util.ArrayList<>();
        for (int row : NonMaxSuppression.hard(columns, 0.3)) {
            kept.add(candidates.get(row));
        }
        assertEquals(NonMaxSuppression.hard(candidates, 0.3), kept);

        List<Candidate> best = NonMaxSuppression.byScore(candidates).subList(0, 500);
        List<Candidate> keptOfBest = new java.util.ArrayList<>();
        for (int row : NonMaxSuppression.hard(columns, 0.3, 500)) {
            keptOfBest.add(candidates.get(row));
        }
        assertEquals(NonMaxSuppression.hard(best, 0.3), keptOfBest);
    }

    @Test
    void hardKeepsTheBestOfEachOverlappingGroupBestFirst() {
        Candidate weak = box(1, 0, 11, 10, 0.6);
        Candidate strong = box(0, 0, 10, 10, 0.9);
        Candidate elsewhere = box(50, 50, 60, 60, 0.7);

        List<Candidate> kept = NonMaxSuppression.hard(List.of(weak, elsewhere, strong), 0.45);

        assertEquals(List.of(strong, elsewhere), kept);
    }

    @Test
    void hardKeepsABoxWhoseOverlapIsExactlyTheThreshold() {
        Candidate a = box(0, 0, 10, 10, 0.9);
        Candidate b = box(5, 0, 15, 10, 0.8); // IoU 1/3

        assertEquals(List.of(a, b), NonMaxSuppression.hard(List.of(a, b), 1.0 / 3));
        assertEquals(List.of(a), NonMaxSuppression.hard(List.of(a, b), 0.3));
    }

    @Test
    void weightedAveragesEachGroupByScoreAndKeepsTheBestScore() {
        Candidate best = new Candidate(0, 0, 10, 10, 0.75, List.of(new Landmark(4, 4)));
        Candidate other = new Candidate(2, 2, 12, 12, 0.25, List.of(new Landmark(8, 8)));
        Candidate alone = new Candidate(100, 100, 110, 110, 0.5, List.of(new Landmark(105, 105)));

        List<Candidate> kept = NonMaxSuppression.weighted(List.of(other, alone, best), 0.3);

        // IoU(best, other) = 64 / 136 = 0.47 > 0.3: merged with weights 0.75 and 0.25.
        assertEquals(List.of(new Candidate(0.5, 0.5, 10.5, 10.5, 0.75, List.of(new Landmark(5, 5))), alone), kept);
    }

    @Test
    void weightedLeavesNonOverlappingBoxesAlone() {
        Candidate a = box(0, 0, 10, 10, 0.9);
        Candidate b = box(5, 0, 15, 10, 0.8); // IoU 1/3 < 0.45

        assertEquals(List.of(a, b), NonMaxSuppression.weighted(List.of(b, a), 0.45));
    }
}
