package dev.veil.run;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * What {@code veil run} exits with, so that a script can tell a clean run from a damaged input or a failure. The
 * same table is in {@code veil run --help} and the README.
 */
public enum ExitStatus {
    OK(0, "done: every frame of the input went through"),
    FAILED(1, "failed: the input cannot be read or has no video, no frame came out of it, the output could not be"
            + " written whole, or a stage failed"),
    USAGE(2, "not started: a bad option, an --input or --output that cannot be used, or a port in use"),
    DAMAGED_INPUT(3, "done, but frames of the input were lost to damage (corrupt or cut off); the summary says"
            + " how many"),
    INTERRUPTED(130, "stopped by Ctrl-C");

    private static final int HELP_WIDTH = 110;
    private static final int MEANING_COLUMN = 7;

    private final int code;
    private final String meaning;

    ExitStatus(int code, String meaning) {
        this.code = code;
        this.meaning = meaning;
    }

    public int code() {
        return code;
    }

    /** The table for a help text: each status and its meaning, wrapped under the meaning's first column. */
    static String table() {
        return Arrays.stream(values()).map(s -> wrap(String.format("  %-3d  %s", s.code, s.meaning)))
                .collect(Collectors.joining());
    }

    private static String wrap(String line) {
        StringBuilder text = new StringBuilder();
        StringBuilder current = new StringBuilder();
        for (String word : line.split(" (?=\\S)")) {
            if (current.length() > 0 && current.length() + 1 + word.length() > HELP_WIDTH) {
                text.append(current).append('\n');
                current = new StringBuilder(" ".repeat(MEANING_COLUMN)).append(word.strip());
            } else {
                current.append(current.length() > 0 ? " " : "").append(word);
            }
        }
        return text.append(current).append('\n').toString();
    }
}
