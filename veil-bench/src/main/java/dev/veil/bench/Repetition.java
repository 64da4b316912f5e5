package dev.veil.bench;

/** Runs a task a number of times after a warm-up, timing every item: the one way every stage figure is taken. */
final class Repetition {

    /** One item of work; {@code i} counts from 0 over the warm-up and the rounds. */
    @FunctionalInterface
    interface Task {
        void run(int i) throws Exception;
    }

    private final int warmup;
    private final int rounds;
    private final int perRound;

    /**
     * @param warmup   items run first and not measured (JIT, caches, lazy native set-up)
     * @param rounds   measured rounds; their rates give the spread
     * @param perRound items per round
     */
    Repetition(int warmup, int rounds, int perRound) {
        this.warmup = warmup;
        this.rounds = rounds;
        this.perRound = perRound;
    }

    /** Items a measurement takes in all. */
    int warmupPlusRounds() {
        return warmup + rounds * perRound;
    }

    Measured measure(String name, String size, Task task) throws Exception {
        int i = 0;
        for (; i < warmup; i++) {
            task.run(i);
        }
        double[] latency = new double[rounds * perRound];
        double[] fps = new double[rounds];
        ProcessMeter.resetPeak();
        long cpu0 = ProcessMeter.cpuNanos();
        int n = 0;
        for (int r = 0; r < rounds; r++) {
            long roundStart = System.nanoTime();
            for (int k = 0; k < perRound; k++, i++) {
                long t0 = System.nanoTime();
                task.run(i);
                latency[n++] = (System.nanoTime() - t0) / 1e6;
            }
            fps[r] = perRound / ((System.nanoTime() - roundStart) / 1e9);
        }
        double cpuMs = (ProcessMeter.cpuNanos() - cpu0) / 1e6 / n;
        return new Measured(name, size, n, fps, latency, cpuMs, ProcessMeter.peakRssBytes(),
                ProcessMeter.javacppBytes());
    }
}
