package dev.veil.accuracy;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A table for reports, written as GitHub markdown. Immutable: {@link #withRow} returns a new table.
 *
 * @param header the column names
 * @param rows   the rows, each as many cells as the header
 */
public record MarkdownTable(List<String> header, List<List<String>> rows) {

    public MarkdownTable {
        header = List.copyOf(header);
        if (header.isEmpty()) {
            throw new IllegalArgumentException("a table needs at least one column");
        }
        rows = rows.stream().map(List::copyOf).toList();
        for (List<String> row : rows) {
            if (row.size() != header.size()) {
                throw new IllegalArgumentException("row " + row + " has " + row.size() + " cells, the header "
                        + header.size());
            }
        }
    }

    public static MarkdownTable of(String... header) {
        return new MarkdownTable(List.of(header), List.of());
    }

    public MarkdownTable withRow(String... cells) {
        return withRow(List.of(cells));
    }

    public MarkdownTable withRow(List<String> cells) {
        List<List<String>> more = new ArrayList<>(rows);
        more.add(cells);
        return new MarkdownTable(header, more);
    }

    /** The table, one line per row, each line ending with a newline. */
    public String markdown() {
        StringBuilder out = new StringBuilder();
        line(out, header);
        line(out, header.stream().map(h -> "---").toList());
        rows.forEach(r -> line(out, r));
        return out.toString();
    }

    /** A share as a cell: {@code 95.0% (19/20)}; {@code -} when the whole is 0. */
    public static String share(int part, int whole) {
        return whole == 0 ? "-" : String.format(Locale.ROOT, "%.1f%% (%d/%d)", 100.0 * part / whole, part, whole);
    }

    /** A number with {@code digits} decimals, {@code -} for NaN. */
    public static String decimal(double value, int digits) {
        return Double.isNaN(value) ? "-" : String.format(Locale.ROOT, "%." + digits + "f", value);
    }

    private static void line(StringBuilder out, List<String> cells) {
        out.append('|');
        for (String cell : cells) {
            out.append(' ').append(cell.replace("|", "\\|").replace('\n', ' ')).append(" |");
        }
        out.append('\n');
    }
}
