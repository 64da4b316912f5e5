package dev.veil.inference.detect;

import java.util.Arrays;

/** A growable list of ints, without boxing: the indexes grids of boxes file and hand out, thousands a frame. */
public final class IntList {
    private int[] values = new int[8];
    private int size;

    public void add(int v) {
        if (size == values.length) {
            values = Arrays.copyOf(values, size * 2);
        }
        values[size++] = v;
    }

    public void clear() {
        size = 0;
    }

    public int size() {
        return size;
    }

    public int get(int i) {
        return values[i];
    }

    /** The values, in order, as a new array. */
    public int[] toArray() {
        return Arrays.copyOf(values, size);
    }
}
