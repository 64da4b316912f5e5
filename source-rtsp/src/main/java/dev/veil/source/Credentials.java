package dev.veil.source;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The user names and passwords of every configured input, remembered so that any text (FFmpeg's own log
 * lines, error messages) can be cleaned of them before it is logged or shown. FFmpeg quotes request headers at
 * its debug level, so an {@code Authorization} header's value and the Base64 form of {@code user:password} are
 * removed too.
 */
public final class Credentials {

    static final String MASK = "***";

    /** Shorter user names or passwords are removed only as part of the whole {@code user:password}. */
    private static final int MIN_STANDALONE_LENGTH = 3;
    private static final Pattern USER_INFO = Pattern.compile("^[a-zA-Z][a-zA-Z0-9+.-]*://([^/@?#]*)@");
    private static final Pattern AUTHORIZATION = Pattern.compile("(?im)((?:proxy-)?authorization:)[^\\r\\n]*");
    private static final Set<String> SECRETS = new CopyOnWriteArraySet<>();

    private Credentials() {
    }

    /** Remembers the user and password of this URL, if it has any. */
    public static void remember(String url) {
        if (url == null) {
            return;
        }
        Matcher m = USER_INFO.matcher(url);
        if (!m.find() || m.group(1).isEmpty()) {
            return;
        }
        String userInfo = m.group(1);
        String decoded = URLDecoder.decode(userInfo.replace("+", "%2B"), StandardCharsets.UTF_8);
        for (String form : List.of(userInfo, decoded)) {
            SECRETS.add(form);
            SECRETS.add(Base64.getEncoder().encodeToString(form.getBytes(StandardCharsets.UTF_8)));
            int colon = form.indexOf(':');
            String user = colon < 0 ? form : form.substring(0, colon);
            String password = colon < 0 ? "" : form.substring(colon + 1);
            for (String part : List.of(user, password)) {
                if (part.length() >= MIN_STANDALONE_LENGTH) {
                    SECRETS.add(part);
                }
            }
        }
    }

    /** The text with every remembered user name, password and authorization header value replaced by ***. */
    public static String scrub(String text) {
        if (text == null) {
            return "";
        }
        String out = AUTHORIZATION.matcher(text).replaceAll("$1 " + MASK);
        // Longest first, so that "user:password" goes as a whole before "user" alone.
        List<String> secrets = SECRETS.stream().sorted(Comparator.comparingInt(String::length).reversed()).toList();
        for (String secret : secrets) {
            out = out.replace(secret, MASK);
        }
        return out;
    }
}
