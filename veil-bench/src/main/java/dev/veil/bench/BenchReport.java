package dev.veil.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The benchmark's report: Markdown, printed as it grows (tables as soon as they are measured) and saved at the end. */
final class BenchReport {

    private final PrintStream out;
    private final StringBuilder markdown = new StringBuilder();
    private final List<String> csv = new ArrayList<>();

    BenchReport(PrintStream out) {
        this.out = out;
        csv.add("section,what,size,items,fps_median,fps_min,fps_max,p50_ms,p99_ms,cpu_ms_per_item,peak_rss_mib");
    }

    void heading(String text) {
        write("\n## " + text + "\n");
    }

    void paragraph(String text) {
        write(text + "\n");
    }

    void table(List<String> headers, List<List<String>> rows) {
        StringBuilder t = new StringBuilder();
        t.append("| ").append(String.join(" | ", headers)).append(" |\n");
        t.append("|").append(" --- |".repeat(headers.size())).append('\n');
        for (List<String> row : rows) {
            t.append("| ").append(String.join(" | ", row)).append(" |\n");
        }
        write(t.toString());
    }

    /** A row of the machine-readable CSV. */
    void csv(String section, Measured m) {
        csv.add(String.join(",", section, quote(m.name()), m.size(), Long.toString(m.items()), f(m.fps()),
                f(m.minFps()), f(m.maxFps()), f(m.p50Ms()), f(m.p99Ms()), f(m.cpuMsPerItem()),
                f(m.peakRssBytes() / 1048576.0)));
    }

    void save(Path dir) throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("benchmarks.md"), markdown.toString());
        Files.write(dir.resolve("stages.csv"), csv);
    }

    private void write(String text) {
        markdown.append(text).append('\n');
        out.println(text);
        out.flush();
    }

    private static String quote(String s) {
        return '"' + s.replace("\"", "\"\"") + '"';
    }

    private static String f(double v) {
        return String.format(java.util.Locale.ROOT, "%.3f", v);
    }
}
