package dev.veil.run;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Where a run's CPU went, by part of the pipeline: the kernel's CPU count of every thread of this process
 * ({@code /proc/self/task/TID/stat}, Linux only), each thread sorted into a part by the name Veil or FFmpeg gave it.
 * A thread that ends keeps the count of its last sample, and CPU no sample saw (threads that ended between samples)
 * is counted under {@link CpuPart#OTHER} from the process's own total, with the threads no part claims (the display
 * server's, the main thread's).
 */
final class CpuByPart {

    /** The kernel counts a thread's CPU in these ticks a second in {@code stat} (USER_HZ, 100 on every Linux). */
    static final int TICKS_PER_SECOND = 100;

    /** One thread as its {@code stat} file tells it. */
    record ThreadCpu(String name, long ticks) {

        /**
         * Reads a {@code stat} line: the name is between the first '(' and the last ')' (it may hold either), and
         * the user and system ticks are the 12th and 13th fields after it.
         */
        static Optional<ThreadCpu> parse(String stat) {
            int open = stat.indexOf('(');
            int close = stat.lastIndexOf(')');
            if (open < 0 || close < open) {
                return Optional.empty();
            }
            String[] after = stat.substring(close + 1).trim().split(" +");
            if (after.length < 13) {
                return Optional.empty();
            }
            try {
                return Optional.of(new ThreadCpu(stat.substring(open + 1, close),
                        Long.parseLong(after[11]) + Long.parseLong(after[12])));
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
        }
    }

    private final Path process;
    private final Map<String, ThreadCpu> lastByThread = new HashMap<>();
    private final Map<String, Long> ticksAtStart = new HashMap<>();
    private long processTicks;
    private long processTicksAtStart;

    /** @param process this process's folder: {@code /proc/self} */
    CpuByPart(Path process) {
        this.process = process;
    }

    static CpuByPart ofThisProcess() {
        return new CpuByPart(Path.of("/proc/self"));
    }

    /**
     * Takes the counts so far as zero: the JVM's own start and the model's loading are left out of what follows,
     * which then measures the frames' work.
     */
    void startHere() {
        sample();
        lastByThread.forEach((thread, cpu) -> ticksAtStart.put(thread, cpu.ticks()));
        processTicksAtStart = processTicks;
    }

    /** Reads the process's and every thread's count now. Does nothing where there is no such folder (not Linux). */
    void sample() {
        Path tasks = process.resolve("task");
        if (!Files.isDirectory(tasks)) {
            return;
        }
        try {
            ThreadCpu.parse(Files.readString(process.resolve("stat"), StandardCharsets.UTF_8))
                    .ifPresent(whole -> processTicks = Math.max(processTicks, whole.ticks()));
        } catch (IOException e) {
            return;
        }
        try (DirectoryStream<Path> threads = Files.newDirectoryStream(tasks)) {
            for (Path thread : threads) {
                String stat;
                try {
                    stat = Files.readString(thread.resolve("stat"), StandardCharsets.UTF_8);
                } catch (IOException e) {
                    continue; // the thread ended while the folder was read
                }
                // Keyed by name too: the kernel may give an ended thread's number to a new one.
                ThreadCpu.parse(stat).ifPresent(cpu -> lastByThread.merge(thread.getFileName() + "/" + cpu.name(), cpu,
                        (before, now) -> now.ticks() >= before.ticks() ? now : before));
            }
        } catch (IOException e) {
            // a folder that cannot be listed gives no breakdown; the run itself is unaffected
        }
    }

    /**
     * Milliseconds of CPU by part since {@link #startHere}, as the samples taken saw it; the process's CPU that no
     * thread's sample holds is {@link CpuPart#OTHER}'s.
     */
    Map<CpuPart, Double> millis() {
        double processCpuMillis = processMillis();
        Map<CpuPart, Double> byPart = new EnumMap<>(CpuPart.class);
        double sampled = 0;
        for (Map.Entry<String, ThreadCpu> thread : lastByThread.entrySet()) {
            double ms = (thread.getValue().ticks() - ticksAtStart.getOrDefault(thread.getKey(), 0L)) * 1000.0
                    / TICKS_PER_SECOND;
            byPart.merge(CpuPart.of(thread.getValue().name()), ms, Double::sum);
            sampled += ms;
        }
        // Threads that ended between samples, and rounding to ticks: the process's own total is the whole.
        byPart.merge(CpuPart.OTHER, Math.max(0, processCpuMillis - sampled), Double::sum);
        return byPart;
    }

    private double processMillis() {
        return (processTicks - processTicksAtStart) * 1000.0 / TICKS_PER_SECOND;
    }

    /**
     * The CPU a frame by part over {@code frames}, since {@link #startHere}; empty when no sample was taken (not
     * Linux) or no frame went through.
     */
    Optional<FrameCpu> perFrame(long frames, int cores) {
        if (lastByThread.isEmpty() || frames <= 0) {
            return Optional.empty();
        }
        Map<CpuPart, Double> byPart = millis();
        byPart.replaceAll((part, ms) -> ms / frames);
        return Optional.of(new FrameCpu(byPart, processMillis() / frames, cores));
    }
}
