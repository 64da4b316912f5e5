package dev.veil.display;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class LatencyWindowTest {

    @Test
    void nearestRankPercentiles() {
        long[] oneToHundred = new long[100];
        for (int i = 0; i < 100; i++) {
            oneToHundred[i] = i + 1;
        }
        assertEquals(50, LatencyWindow.nearestRank(oneToHundred, 0.50));
        assertEquals(99, LatencyWindow.nearestRank(oneToHundred, 0.99));
        assertEquals(100, LatencyWindow.nearestRank(oneToHundred, 1.0));
        assertEquals(1, LatencyWindow.nearestRank(oneToHundred, 0.001));
        // Few samples: p99 is the worst one, p50 the lower middle.
        assertEquals(40, LatencyWindow.nearestRank(new long[] {10, 20, 30, 40}, 0.99));
        assertEquals(20, LatencyWindow.nearestRank(new long[] {10, 20, 30, 40}, 0.50));
        assertEquals(7, LatencyWindow.nearestRank(new long[] {7}, 0.50));
    }

    @Test
    void summaryIsInMillisecondsOverTheSamplesHeldInAnyOrder() {
        LatencyWindow window = new LatencyWindow(10);
        assertNull(window.summary(), "no samples, no percentiles");
        long[] micros = {5_000, 1_000, 4_000, 2_000, 3_000};
        for (long m : micros) {
            window.add(m);
        }
        assertEquals(new LatencySummary(5, 3.0, 5.0, 5, 15.0), window.summary());
    }

    @Test
    void onlyTheLastCapacitySamplesCount() {
        LatencyWindow window = new LatencyWindow(10);
        for (int i = 1; i <= 15; i++) {
            window.add(i * 1_000L);
        }
        // Kept: 6..15 ms; the totals count all 15 (1 + ... + 15 = 120 ms).
        assertEquals(new LatencySummary(10, 10.0, 15.0, 15, 120.0), window.summary());
        window.add(500);
        // Kept: 7..15 ms and 0.5 ms.
        assertEquals(new LatencySummary(10, 10.0, 15.0, 16, 120.5), window.summary());
        assertEquals(10, window.size());
    }

    @Test
    void negativeLatencyFromClockSkewIsKeptAsIs() {
        LatencyWindow window = new LatencyWindow(4);
        window.add(-2_000);
        window.add(1_000);
        assertEquals(new LatencySummary(2, -2.0, 1.0, 2, -1.0), window.summary());
    }
}
