package dev.veil.inference.detect;

import java.util.Arrays;

/**
 * Orders by score with a sort of primitive keys. A crowd frame sorts thousands of candidates, pairs and boxes; sorting
 * objects with a comparator did the same work more slowly, and each call site's comparator made the JIT compile
 * {@code TimSort} again (about 2 s of compiler time in a 3-second clip on two cores, time the frames did not get).
 */
public final class Ranking {

    private Ranking() {
    }

    /**
     * The indexes {@code 0..n-1}, highest score first. Scores that are equal at a float's precision keep their
     * order (as a stable sort would). NaN scores come last.
     */
    public static int[] highestFirst(double[] scores, int n) {
        if (n < 0 || n > scores.length) {
            throw new IllegalArgumentException(n + " scores of " + scores.length);
        }
        long[] keys = new long[n];
        for (int i = 0; i < n; i++) {
            double s = scores[i];
            keys[i] = ((long) ascendingBits(Double.isNaN(s) ? Float.POSITIVE_INFINITY : (float) -s) << 32) | i;
        }
        Arrays.sort(keys);
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = (int) keys[i];
        }
        return order;
    }

    /** A float's bits as an int that orders as the floats do (negative ones too). */
    private static int ascendingBits(float f) {
        int bits = Float.floatToIntBits(f + 0.0f);
        return bits ^ ((bits >> 31) & 0x7fffffff);
    }
}
