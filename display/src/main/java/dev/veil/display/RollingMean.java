package dev.veil.display;

/** Mean of the last {@code capacity} whole-number values (faces per frame). Not thread-safe. */
final class RollingMean {

    private final int[] values;
    private int next;
    private int size;
    private long sum;

    RollingMean(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be positive: " + capacity);
        }
        this.values = new int[capacity];
    }

    void add(int value) {
        if (size == values.length) {
            sum -= values[next];
        }
        values[next] = value;
        sum += value;
        next = (next + 1) % values.length;
        size = Math.min(size + 1, values.length);
    }

    double mean() {
        return size == 0 ? 0.0 : (double) sum / size;
    }
}
