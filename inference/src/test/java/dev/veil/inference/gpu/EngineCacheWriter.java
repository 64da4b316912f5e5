package dev.veil.inference.gpu;

import java.nio.file.Path;

/**
 * A separate process storing engines in a cache, as concurrent pods on one volume do: {@code dir writer rounds}.
 * Each engine is {@link #engine(int, int)}, so a reader can tell whole entries from mixed ones.
 */
public final class EngineCacheWriter {

    private EngineCacheWriter() {
    }

    static byte[] engine(int writer, int round) {
        byte[] bytes = new byte[512 * 1024 + writer * 1000 + round];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) (writer * 31 + round * 7 + i / 4096);
        }
        return bytes;
    }

    /** Which writer and round an engine came from, or null when it is none of them whole. */
    static int[] origin(byte[] engine, int writers, int rounds) {
        for (int w = 0; w < writers; w++) {
            for (int r = 0; r < rounds; r++) {
                if (java.util.Arrays.equals(engine, engine(w, r))) {
                    return new int[]{w, r};
                }
            }
        }
        return null;
    }

    public static void main(String[] args) {
        EngineCache cache = new EngineCache(Path.of(args[0]));
        int writer = Integer.parseInt(args[1]);
        int rounds = Integer.parseInt(args[2]);
        for (int r = 0; r < rounds; r++) {
            if (!cache.store(EngineCacheKeyTest.T4, engine(writer, r))) {
                System.exit(1);
            }
        }
        System.exit(0);
    }
}
