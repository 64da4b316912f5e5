package dev.veil.run;

import dev.veil.frame.StageClock;
import dev.veil.inference.FaceInference;
import dev.veil.inference.network.OnnxRuntimeNetwork;
import dev.veil.sink.AnonymizingSink;
import dev.veil.source.VideoSource;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Where a run's CPU went, by part of the pipeline: the kernel's CPU count of every thread of this process
 * ({@code /proc/self/task/TID/stat}, Linux only), each thread sorted into a part by the name Veil or FFmpeg gave it.
 * A thread that ends keeps the count of its last sample, and CPU no sample saw (threads that ended between samples)
 * is counted under {@link Part#OTHER} from the process's own total, with the threads no part claims (the display
 * server's, the main thread's).
 */
final class CpuByPart {

    /** The kernel counts a thread's CPU in these ticks a second in {@code stat} (USER_HZ, 100 on every Linux). */
    static final int TICKS_PER_SECOND = 100;

    /** A part of the pipeline, and the thread names it is known by (a Linux thread name is at most 15 bytes). */
    enum Part {
        DETECTOR("detector", FaceInference.DETECTOR_THREAD, OnnxRuntimeNetwork.WORKER_THREAD_NAME),
        TRACKER("tracker", LocalPipeline.stageThread(StageClock.INFERENCE)),
        ANONYMIZING("anonymizing", LocalPipeline.SINK_THREAD),
        ENCODING("MP4 encoding", AnonymizingSink.ARCHIVE_THREAD),
        // FFmpeg names its frame-decoding threads "av:CODEC:df" and a number.
        DECODING("decoding", VideoSource.DECODER_THREAD_PREFIX, "av:", LocalPipeline.SOURCE_THREAD),
        RESIZING("resizing", LocalPipeline.stageThread(StageClock.RESIZE)),
        JVM("JVM", "C1 CompilerThre", "C2 CompilerThre", "VM Thread", "GC Thread", "G1 ", "VM Periodic Tas"),
        OTHER("other");

        private final String label;
        private final List<String> threadPrefixes;

        Part(String label, String... threadPrefixes) {
            this.label = label;
            this.threadPrefixes = List.of(threadPrefixes);
        }

        static Part of(String threadName) {
            for (Part part : values()) {
                for (String prefix : part.threadPrefixes) {
                    // The kernel keeps a thread's name to 15 bytes: "local-inference" fits, a longer one is cut.
                    if (threadName.startsWith(prefix.substring(0, Math.min(prefix.length(), 15)))) {
                        return part;
                    }
                }
            }
            return OTHER;
        }
    }

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
     * thread's sample holds is {@link Part#OTHER}'s.
     */
    Map<Part, Double> millis() {
        double processCpuMillis = processMillis();
        Map<Part, Double> byPart = new EnumMap<>(Part.class);
        double sampled = 0;
        for (Map.Entry<String, ThreadCpu> thread : lastByThread.entrySet()) {
            double ms = (thread.getValue().ticks() - ticksAtStart.getOrDefault(thread.getKey(), 0L)) * 1000.0
                    / TICKS_PER_SECOND;
            byPart.merge(Part.of(thread.getValue().name()), ms, Double::sum);
            sampled += ms;
        }
        // Threads that ended between samples, and rounding to ticks: the process's own total is the whole.
        byPart.merge(Part.OTHER, Math.max(0, processCpuMillis - sampled), Double::sum);
        return byPart;
    }

    private double processMillis() {
        return (processTicks - processTicksAtStart) * 1000.0 / TICKS_PER_SECOND;
    }

    /**
     * "CPU a frame from the pipeline's start: detector 26.1 ms, MP4 encoding 16.0, ...; 66.0 ms in all, on 2 cores":
     * the parts from most to least, over {@code frames}, those under 0.05 ms left out; empty when no sample was taken
     * or no frame went through.
     */
    Optional<String> line(long frames, int cores) {
        if (lastByThread.isEmpty() || frames <= 0) {
            return Optional.empty();
        }
        double processCpuMillis = processMillis();
        List<Map.Entry<Part, Double>> parts = new ArrayList<>(millis().entrySet());
        parts.removeIf(part -> part.getValue() / frames < 0.05);
        parts.sort(Map.Entry.<Part, Double>comparingByValue().reversed());
        StringBuilder line = new StringBuilder("CPU a frame from the pipeline's start:");
        for (int i = 0; i < parts.size(); i++) {
            line.append(i == 0 ? " " : ", ").append(parts.get(i).getKey().label).append(' ')
                    .append(String.format(Locale.ROOT, "%.1f", parts.get(i).getValue() / frames));
            if (i == 0) {
                line.append(" ms");
            }
        }
        line.append(String.format(Locale.ROOT, "; %.1f ms in all, on %d core%s", processCpuMillis / frames, cores,
                cores == 1 ? "" : "s"));
        return Optional.of(line.toString());
    }
}
