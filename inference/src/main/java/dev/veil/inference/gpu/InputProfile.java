package dev.veil.inference.gpu;

import java.util.Arrays;

/**
 * The input shapes an engine is built for (TensorRT's optimization profile): each dimension from {@code min} to
 * {@code max}, tuned for {@code opt}. Part of the engine cache's key: another range is another engine.
 */
public record InputProfile(long[] min, long[] opt, long[] max) {

    public InputProfile {
        if (min.length != max.length || opt.length != max.length) {
            throw new IllegalArgumentException("profile dimensions of different ranks");
        }
        for (int i = 0; i < max.length; i++) {
            if (min[i] < 1 || min[i] > opt[i] || opt[i] > max[i]) {
                throw new IllegalArgumentException("profile dimension " + i + " is not 1 <= " + min[i] + " <= " + opt[i]
                        + " <= " + max[i]);
            }
        }
        min = min.clone();
        opt = opt.clone();
        max = max.clone();
    }

    @Override
    public long[] min() {
        return min.clone();
    }

    @Override
    public long[] opt() {
        return opt.clone();
    }

    @Override
    public long[] max() {
        return max.clone();
    }

    /** Exactly one shape. */
    public static InputProfile fixed(long... shape) {
        return new InputProfile(shape, shape, shape);
    }

    /** Whether a concrete input shape lies inside the profile. */
    public boolean admits(long[] shape) {
        if (shape.length != max.length) {
            return false;
        }
        for (int i = 0; i < shape.length; i++) {
            if (shape[i] < min[i] || shape[i] > max[i]) {
                return false;
            }
        }
        return true;
    }

    /** For the cache key and logs: {@code 1..4x3x640x640}, {@code 1x3x32..3072x32..3072}. */
    public String describe() {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < max.length; i++) {
            s.append(i == 0 ? "" : "x").append(min[i] == max[i] ? String.valueOf(max[i]) : min[i] + ".." + max[i]);
        }
        return s.toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof InputProfile p && Arrays.equals(min, p.min) && Arrays.equals(opt, p.opt)
                && Arrays.equals(max, p.max);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * Arrays.hashCode(min) + Arrays.hashCode(opt)) + Arrays.hashCode(max);
    }

    @Override
    public String toString() {
        return describe();
    }
}
