package dev.veil.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import org.bytedeco.javacpp.Pointer;

/**
 * What this process uses, read from Linux and the JVM: CPU time (its own and that of the children it has waited
 * for, such as the reference tools), resident memory now and at its peak, and native memory as JavaCPP sees it.
 */
final class ProcessMeter {

    /** Linux's USER_HZ, the unit of the times in /proc/self/stat (100 on every common kernel). */
    private static final double TICKS_PER_SECOND = 100;
    private static final Path STATUS = Path.of("/proc/self/status");
    private static final Path STAT = Path.of("/proc/self/stat");
    private static final Path CLEAR_REFS = Path.of("/proc/self/clear_refs");

    private ProcessMeter() {
    }

    /** CPU time of this process (all its threads), in nanoseconds. */
    static long cpuNanos() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getProcessCpuTime();
        }
        return ownTicks() * (long) (1e9 / TICKS_PER_SECOND);
    }

    /** CPU time of the children this process has waited for (cutime + cstime), in nanoseconds. */
    static long childrenCpuNanos() {
        long[] f = statFields();
        return f == null ? 0 : (long) ((f[2] + f[3]) * (1e9 / TICKS_PER_SECOND));
    }

    /** Resident set size now, in bytes (VmRSS), or -1 where /proc is not there. */
    static long rssBytes() {
        return statusKilobytes("VmRSS:") * 1024;
    }

    /** Peak resident set size since start or since {@link #resetPeak()}, in bytes (VmHWM). */
    static long peakRssBytes() {
        return statusKilobytes("VmHWM:") * 1024;
    }

    /** Starts the peak resident size over from the current one (Linux: "5" into clear_refs). */
    static boolean resetPeak() {
        try {
            Files.writeString(CLEAR_REFS, "5");
            return true;
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return false;
        }
    }

    /** Native memory allocated through JavaCPP and not yet released (OpenCV Mats, FFmpeg buffers, ...). */
    static long javacppBytes() {
        return Pointer.totalBytes();
    }

    /** The process's physical memory as JavaCPP measures it. */
    static long physicalBytes() {
        return Pointer.physicalBytes();
    }

    private static long ownTicks() {
        long[] f = statFields();
        return f == null ? 0 : f[0] + f[1];
    }

    /** utime, stime, cutime, cstime of /proc/self/stat; null where it cannot be read. */
    private static long[] statFields() {
        try {
            String stat = Files.readString(STAT);
            // The command name (field 2) may hold spaces: count from the parenthesis that closes it.
            String[] rest = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            // rest[0] is field 3 (state); utime is field 14.
            return new long[] {Long.parseLong(rest[11]), Long.parseLong(rest[12]), Long.parseLong(rest[13]),
                    Long.parseLong(rest[14])};
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static long statusKilobytes(String key) {
        try {
            for (String line : Files.readAllLines(STATUS)) {
                if (line.startsWith(key)) {
                    return Long.parseLong(line.substring(key.length()).trim().split("\\s+")[0]);
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux
        }
        return -1;
    }
}
