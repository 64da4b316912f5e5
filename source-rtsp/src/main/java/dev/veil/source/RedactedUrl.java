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

    /** Replaces the URL and every occurrence of its credentials (and any other input's) in a message. */
    public static String scrub(String message, String url) {
        if (message == null) {
            return "";
        }
        Credentials.remember(url);
        return Credentials.scrub(message.replace(url, of(url)));
    }
}
