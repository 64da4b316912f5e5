package dev.veil.inference.detect;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RankingTest {

    @Test
    void highestFirstWithTiesInTheirOrderAndNegativeScoresBelowZero() {
        double[] scores = {0.5, 0.9, -0.25, 0.5, 0.0, 1.0, -3, 0.9};

        assertArrayEquals(new int[]{5, 1, 7, 0, 3, 4, 2, 6}, Ranking.highestFirst(scores, scores.length));
    }

    @Test
    void onlyTheFirstNScoresAreRankedAndNotANumberComesLast() {
        double[] scores = {Double.NaN, 0.1, 0.7, 0.4, 99};

        assertArrayEquals(new int[]{2, 1, 0}, Ranking.highestFirst(scores, 3));
        assertArrayEquals(new int[]{}, Ranking.highestFirst(scores, 0));
        assertThrows(IllegalArgumentException.class, () -> Ranking.highestFirst(scores, 6));
        assertThrows(IllegalArgumentException.class, () -> Ranking.highestFirst(scores, -1));
    }

    @Test
    void ordersAsAStableSortByScoreDoes() {
        // Scores from a detector: floats in [0, 1], many equal.
        Random random = new Random(11);
        double[] scores = new double[5000];
        for (int i = 0; i < scores.length; i++) {
            scores[i] = (float) (random.nextInt(200) / 199.0);
        }
        List<Integer> expected = new ArrayList<>();
        for (int i = 0; i < scores.length; i++) {
            expected.add(i);
        }
        expected.sort(Comparator.comparingDouble((Integer i) -> scores[i]).reversed());

        assertArrayEquals(expected.stream().mapToInt(Integer::intValue).toArray(),
                Ranking.highestFirst(scores, scores.length));
    }
}
