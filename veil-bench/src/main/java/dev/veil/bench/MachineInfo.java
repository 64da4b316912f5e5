package dev.veil.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/** What machine the figures come from, as the report states it. */
final class MachineInfo {

    private MachineInfo() {
    }

    static String cpuModel() {
        try {
            return Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                    .findFirst().map(l -> l.substring(l.indexOf(':') + 1).trim()).orElse("unknown");
        } catch (IOException e) {
            return System.getProperty("os.arch");
        }
    }

    static String memory() {
        try {
            return Files.readAllLines(Path.of("/proc/meminfo")).stream().filter(l -> l.startsWith("MemTotal:"))
                    .findFirst().map(l -> String.format(Locale.ROOT, "%.1f GiB",
                            Long.parseLong(l.replaceAll("\\D", "")) / 1048576.0)).orElse("unknown");
        } catch (IOException | NumberFormatException e) {
            return "unknown";
        }
    }

    static String loadAverage() {
        try {
            String[] l = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return l[0] + " " + l[1] + " " + l[2];
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    static String summary() {
        return "Machine: " + cpuModel() + ", " + Runtime.getRuntime().availableProcessors() + " cores, " + memory()
                + ", " + System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version") + ", "
                + java.time.ZonedDateTime.now().format(java.time.format.DateTimeFormatter.ISO_OFFSET_DATE_TIME) + ".";
    }
}
