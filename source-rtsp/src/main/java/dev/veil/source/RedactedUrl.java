package dev.veil.source;

import java.util.regex.Pattern;

/** Removes the user-info part (user, password) of a URL so it can be logged or shown. */
public final class RedactedUrl {

    private static final Pattern USER_INFO = Pattern.compile("^([a-zA-Z][a-zA-Z0-9+.-]*://)[^/@?#]*@");

    private RedactedUrl() {
    }

    public static String of(String url) {
        return USER_INFO.matcher(url).replaceFirst("$1***@");
    }

    /** Replaces every occurrence of the input's credentials in a message from FFmpeg or the JDK. */
    public static String scrub(String message, String url) {
        if (message == null) {
            return "";
        }
        java.util.regex.Matcher m = Pattern.compile("^[a-zA-Z][a-zA-Z0-9+.-]*://([^/@?#]*)@").matcher(url);
        String out = message.replace(url, of(url));
        if (m.find() && !m.group(1).isEmpty()) {
            out = out.replace(m.group(1), "***");
        }
        return out;
    }
}
