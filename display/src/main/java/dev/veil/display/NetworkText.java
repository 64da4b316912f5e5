package dev.veil.display;

import dev.veil.config.EscapedLogText;

/**
 * Text that came from the network (stream ids, stage names, paths, error messages that quote them), made safe to
 * write into a log line. A log line is one event: a CR or LF in it would start a forged event, and a bidirectional
 * control would make the line read differently from what it holds. Those characters are written as escapes
 * ({@code \n}, {@code \u202e}); a backslash is doubled so an escape written by the sender cannot pass for one
 * written here.
 */
final class NetworkText {

    /** Longer text is cut: one request must not be able to write a megabyte into the log. */
    static final int MAX_LOGGED_CHARS = 256;

    private NetworkText() {
    }

    /** The text as it may be logged: escaped, and cut at {@link #MAX_LOGGED_CHARS} characters. */
    static String escape(String text) {
        if (text == null) {
            return "null";
        }
        int end = Math.min(text.length(), MAX_LOGGED_CHARS);
        StringBuilder out = new StringBuilder(end + 16);
        for (int i = 0; i < end; i++) {
            char c = text.charAt(i);
            switch (c) {
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (isUnsafe(c)) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        if (text.length() > end) {
            out.append("...(").append(text.length()).append(" chars)");
        }
        return out.toString();
    }

    /** True when the text has a character that {@link #escape} would escape, other than a backslash. */
    static boolean hasUnsafeCharacters(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (isUnsafe(text.charAt(i))) {
                return true;
            }
        }
        return false;
    }

    /** The characters the log pattern escapes too ({@link EscapedLogText#needsEscape}). */
    static boolean isUnsafe(char c) {
        return EscapedLogText.needsEscape(c);
    }
}
