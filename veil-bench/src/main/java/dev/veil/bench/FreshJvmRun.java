package dev.veil.bench;

import dev.veil.run.CpuPart;
import dev.veil.run.ExitStatus;
import dev.veil.run.FrameCpu;
import dev.veil.run.LocalRun;
import dev.veil.run.RunNotStarted;
import dev.veil.run.RunOptions;
import dev.veil.run.RunSummary;
import dev.veil.run.UsageException;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * {@code veil run} in a JVM of its own, as a person runs it: a run in the evaluation's JVM finds the JIT warm from
 * the clips before, and on two cores a 3-second clip is mostly the JIT's warm-up, so its frame rate there says little
 * about the one a person sees. The child gets this JVM's java, class path and JVM flags (so {@code ./veil}'s own),
 * runs {@link LocalRun} as {@code veil run} does, and reports its summary in one line on its standard output.
 */
final class FreshJvmRun {

    /** The line the child prints: {@code PREFIX exit frames fps}. */
    static final String PREFIX = "veil-fresh-run-summary";
    /**
     * The line the child prints before that one where its run measured its CPU:
     * {@code CPU_PREFIX inAll cores PART=ms PART=ms ...}, parts by {@link CpuPart}'s names.
     */
    static final String CPU_PREFIX = "veil-fresh-run-cpu";

    /**
     * What the child's run reported.
     *
     * @param cpu its CPU a frame by part, as {@code veil run}'s CPU line says it (empty off Linux)
     */
    record Summary(int exitCode, long frames, double framesPerSecondAfterStartUp, Optional<FrameCpu> cpu) {
    }

    private FreshJvmRun() {
    }

    /**
     * Runs {@code veil run} with {@code arguments} in a new JVM and waits for it.
     *
     * @throws IOException when the child cannot start, runs past {@code timeout}, or reports no summary (its
     *                     standard error is in the message)
     */
    static Summary run(List<String> arguments, Duration timeout) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse(
                Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(jvmFlags(ManagementFactory.getRuntimeMXBean().getInputArguments()));
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(FreshJvmRun.class.getName());
        command.addAll(arguments);
        Path output = Files.createTempFile("veil-fresh-run", ".out");
        Path errors = Files.createTempFile("veil-fresh-run", ".log");
        try {
            // Both streams to files: a pipe left unread would stop the child once full.
            Process child = new ProcessBuilder(command).redirectOutput(output.toFile()).redirectError(errors.toFile())
                    .start();
            if (!child.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                child.destroyForcibly().waitFor();
                throw new IOException("veil run " + arguments + " in its own JVM ran past " + timeout);
            }
            Optional<Summary> summary = parse(Files.readString(output, StandardCharsets.UTF_8));
            if (summary.isEmpty()) {
                throw new IOException("veil run " + arguments + " in its own JVM reported no summary (exit "
                        + child.exitValue() + "): " + tail(errors));
            }
            return summary.get();
        } finally {
            Files.deleteIfExists(output);
            Files.deleteIfExists(errors);
        }
    }

    /** The flags a child JVM is given: this one's, less those that would tie it to this process (agents, debug). */
    static List<String> jvmFlags(List<String> these) {
        List<String> out = new ArrayList<>();
        for (String flag : these) {
            if (flag.startsWith("-agentlib") || flag.startsWith("-agentpath") || flag.startsWith("-javaagent")
                    || flag.startsWith("-Xrunjdwp") || flag.startsWith("-XX:StartFlightRecording")
                    || flag.startsWith("-XX:ArchiveClassesAtExit")) {
                continue;
            }
            out.add(flag);
        }
        return out;
    }

    /**
     * The summary line of a child's standard output, if it printed one, with the CPU line the child prints before it
     * if it printed one.
     */
    static Optional<Summary> parse(String output) {
        Optional<FrameCpu> cpu = Optional.empty();
        for (String line : output.split("\n")) {
            String[] parts = line.trim().split(" ");
            if (parts[0].equals(CPU_PREFIX)) {
                cpu = parseCpu(parts);
            } else if (parts.length == 4 && parts[0].equals(PREFIX)) {
                try {
                    return Optional.of(new Summary(Integer.parseInt(parts[1]), Long.parseLong(parts[2]),
                            Double.parseDouble(parts[3]), cpu));
                } catch (NumberFormatException e) {
                    return Optional.empty();
                }
            }
        }
        return Optional.empty();
    }

    private static Optional<FrameCpu> parseCpu(String[] parts) {
        if (parts.length < 3) {
            return Optional.empty();
        }
        try {
            Map<CpuPart, Double> millis = new EnumMap<>(CpuPart.class);
            for (int i = 3; i < parts.length; i++) {
                String[] part = parts[i].split("=", 2);
                if (part.length != 2) {
                    return Optional.empty();
                }
                millis.put(CpuPart.valueOf(part[0]), Double.parseDouble(part[1]));
            }
            return Optional.of(new FrameCpu(millis, Double.parseDouble(parts[1]), Integer.parseInt(parts[2])));
        } catch (IllegalArgumentException e) { // a number or a part that does not parse
            return Optional.empty();
        }
    }

    /** The child's CPU line for {@code cpu}. */
    static String cpuLine(FrameCpu cpu) {
        StringBuilder line = new StringBuilder(CPU_PREFIX).append(String.format(Locale.ROOT, " %.3f %d",
                cpu.inAll(), cpu.cores()));
        cpu.millis().forEach((part, ms) -> line.append(String.format(Locale.ROOT, " %s=%.3f", part.name(), ms)));
        return line.toString();
    }

    private static String tail(Path file) throws IOException {
        String text = Files.readString(file, StandardCharsets.UTF_8).strip();
        return text.length() <= 2000 ? text : "..." + text.substring(text.length() - 2000);
    }

    /** The child: {@code veil run} with these arguments, its summary as one line. Exits with the run's status. */
    public static void main(String[] args) throws Exception {
        PrintStream quiet = new PrintStream(OutputStream.nullOutputStream());
        ExitStatus status;
        RunSummary summary = null;
        try {
            summary = LocalRun.start(RunOptions.parse(args), quiet, System.err).await();
            status = summary.exitStatus();
        } catch (UsageException | RunNotStarted e) {
            System.err.println("veil run: " + e.getMessage());
            status = ExitStatus.USAGE;
        }
        if (summary != null) {
            summary.cpu().map(FreshJvmRun::cpuLine).ifPresent(System.out::println);
        }
        System.out.println(String.format(Locale.ROOT, "%s %d %d %.3f", PREFIX, status.code(),
                summary == null ? 0 : summary.frames(), summary == null ? 0.0 : summary.framesPerSecondAfterStartUp()));
        System.out.flush();
        System.exit(status.code());
    }
}
