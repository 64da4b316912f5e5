package dev.veil.display;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Which {@code Host} and {@code Origin} headers the display answers.
 *
 * <p>Host, against DNS rebinding: a page of another site whose name the attacker points at this server's address
 * would otherwise read the display as if it were its own. A browser sends the name of the site in {@code Host}, so
 * the display answers only names it was told ({@code VEIL_DISPLAY_HOSTS}), {@code localhost}, and IP addresses
 * (a page can only get a literal address as its own origin by being served from that address, i.e. by this server).
 *
 * <p>Origin, against requests made by another site's page (a cross-site form POST to {@code /ingest} or
 * {@code /login}, a script's fetch): when a browser says where a request comes from, it must be this server, the
 * same host and port the request was sent to. Requests without {@code Origin} (not from a browser, or a plain
 * same-origin GET) pass.
 *
 * @param names    host names allowed besides {@code localhost} and IP literals, lower case, without a port
 * @param anyName  true when {@code VEIL_DISPLAY_HOSTS} is {@code *}: every name (behind a proxy that checks them)
 */
record HostRule(Set<String> names, boolean anyName) {

    static final String ANY = "*";

    private static final Pattern IPV4 = Pattern.compile(
            "(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}");
    private static final Pattern IPV6 = Pattern.compile("[0-9a-fA-F:.]+");

    HostRule {
        names = Set.copyOf(names);
    }

    static HostRule of(List<String> configured) {
        boolean any = configured.contains(ANY);
        return new HostRule(configured.stream().filter(n -> !n.equals(ANY)).map(HostRule::normalize)
                .collect(Collectors.toSet()), any);
    }

    /** The name as compared: lower case, without a trailing dot. */
    static String normalize(String name) {
        String n = name.trim().toLowerCase(Locale.ROOT);
        return n.endsWith(".") ? n.substring(0, n.length() - 1) : n;
    }

    /** Whether a request with this {@code Host} header is answered; a request without one (HTTP/1.0) is. */
    boolean allowsHost(String hostHeader) {
        if (hostHeader == null || hostHeader.isEmpty() || anyName) {
            return true;
        }
        Authority authority = Authority.parse(hostHeader);
        if (authority == null) {
            return false;
        }
        return isLiteral(authority.host) || authority.host.equals("localhost") || names.contains(authority.host);
    }

    /** Whether a request that says it comes from {@code origin} came from this server's own pages. */
    static boolean allowsOrigin(String origin, String hostHeader) {
        if (origin == null) {
            return true;
        }
        URI uri;
        try {
            uri = new URI(origin.trim());
        } catch (URISyntaxException e) {
            return false; // "null" (a sandboxed or file page) parses, but has no host below
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (uri.getHost() == null || !(scheme.equals("http") || scheme.equals("https")) || hostHeader == null) {
            return false;
        }
        Authority target = Authority.parse(hostHeader);
        if (target == null) {
            return false;
        }
        String originHost = normalize(uri.getHost().startsWith("[")
                ? uri.getHost().substring(1, uri.getHost().length() - 1) : uri.getHost());
        int defaultPort = scheme.equals("https") ? 443 : 80;
        int originPort = uri.getPort() < 0 ? defaultPort : uri.getPort();
        int targetPort = target.port < 0 ? defaultPort : target.port;
        return originHost.equals(target.host) && originPort == targetPort;
    }

    private static boolean isLiteral(String host) {
        return IPV4.matcher(host).matches() || (host.contains(":") && IPV6.matcher(host).matches());
    }

    /** A {@code Host} header's name (lower case, brackets of an IPv6 literal removed) and port (-1 when none). */
    private record Authority(String host, int port) {

        static Authority parse(String header) {
            String h = header.trim();
            String host;
            String port = null;
            if (h.startsWith("[")) {
                int close = h.indexOf(']');
                if (close < 0) {
                    return null;
                }
                host = h.substring(1, close);
                String rest = h.substring(close + 1);
                if (!rest.isEmpty()) {
                    if (!rest.startsWith(":")) {
                        return null;
                    }
                    port = rest.substring(1);
                }
            } else {
                int colon = h.indexOf(':');
                host = colon < 0 ? h : h.substring(0, colon);
                port = colon < 0 ? null : h.substring(colon + 1);
            }
            if (host.isEmpty()) {
                return null;
            }
            int number = -1;
            if (port != null) {
                if (port.isEmpty() || port.length() > 5 || !port.chars().allMatch(Character::isDigit)) {
                    return null;
                }
                number = Integer.parseInt(port);
            }
            return new Authority(normalize(host), number);
        }
    }
}
