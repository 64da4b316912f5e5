package dev.veil.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The tables of the checkout's README.md as a reader sees them, for the tests that hold README's settings tables to
 * the programs' declarations. Tests run in their module's folder: README.md is in the folder above.
 */
public final class ReadmeTables {

    private ReadmeTables() {
    }

    /** The body rows (header and rule left out) of the first table after the line {@code heading}, cell by cell. */
    public static List<List<String>> under(String heading) {
        List<String> lines = readme();
        int at = lines.indexOf(heading);
        if (at < 0) {
            throw new AssertionError("README.md has no line " + heading);
        }
        List<List<String>> rows = new ArrayList<>();
        int i = at + 1;
        while (i < lines.size() && !lines.get(i).startsWith("|")) {
            i++;
        }
        for (i += 2; i < lines.size() && lines.get(i).startsWith("|"); i++) {
            String line = lines.get(i).trim();
            String inner = line.substring(1, line.endsWith("|") ? line.length() - 1 : line.length());
            // A '|' inside a cell is written "\|".
            rows.add(Arrays.stream(inner.split("(?<!\\\\)\\|")).map(c -> c.trim().replace("\\|", "|")).toList());
        }
        return rows;
    }

    /** A cell without its code marks: {@code `blur`} as {@code blur}. */
    public static String plain(String cell) {
        return cell.replace("`", "");
    }

    /**
     * Whether a README cell says this default: the same text, or the same text followed by an explanation after
     * {@code " ("} or {@code ": "} ({@code 8388608 (8 MiB)}, {@code 0: every core}).
     */
    public static boolean saysDefault(String cell, String declared) {
        String said = plain(cell);
        return said.equals(declared) || said.startsWith(declared + " (") || said.startsWith(declared + ": ");
    }

    private static List<String> readme() {
        Path file = Path.of("").toAbsolutePath().getParent().resolve("README.md");
        try {
            return Files.readAllLines(file);
        } catch (IOException e) {
            throw new UncheckedIOException("the checkout's README.md, above the module's folder", e);
        }
    }
}
