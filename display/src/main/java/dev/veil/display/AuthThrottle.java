package dev.veil.display;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;
import java.util.regex.Pattern;

/**
 * Makes guessing a secret slow: a client (an IPv4 address, or an IPv6 /64, which one host usually holds whole)
 * that presents {@link #MAX_FAILURES} wrong secrets in a row is locked out for {@link #LOCKOUT}; while locked out,
 * even the right secret is refused, so a guess cannot be confirmed. A right secret clears the count. Only
 * secrets that were presented and wrong count, not missing ones (a browser's first visit has none).
 *
 * <p>Behind a proxy every client has the proxy's address, so one guesser locks everyone out for a minute: that is
 * the price of not trusting a forwarded-for header anyone can write. Thread-safe.
 */
final class AuthThrottle {

    static final int MAX_FAILURES = 10;
    static final Duration LOCKOUT = Duration.ofSeconds(60);
    /** Clients remembered; beyond this the oldest is forgotten, so the table cannot grow without end. */
    static final int MAX_CLIENTS = 10_000;

    private static final Pattern IPV6_LITERAL = Pattern.compile("[0-9a-fA-F:.]+(%[0-9A-Za-z_.-]+)?");

    private static final class Client {
        int failures;
        long lockedUntilNanos;
        boolean locked;
    }

    private final int maxFailures;
    private final long lockoutNanos;
    private final LongSupplier nanoClock;
    private final LinkedHashMap<String, Client> clients = new LinkedHashMap<>(64, 0.75f, true);

    AuthThrottle() {
        this(MAX_FAILURES, LOCKOUT, System::nanoTime);
    }

    AuthThrottle(int maxFailures, Duration lockout, LongSupplier nanoClock) {
        this.maxFailures = maxFailures;
        this.lockoutNanos = lockout.toNanos();
        this.nanoClock = nanoClock;
    }

    /** How long the client must still wait before it may present a secret again; zero when it may now. */
    synchronized Duration lockedFor(String remoteAddress) {
        Client client = clients.get(key(remoteAddress));
        if (client == null || !client.locked) {
            return Duration.ZERO;
        }
        long left = client.lockedUntilNanos - nanoClock.getAsLong();
        if (left <= 0) {
            client.locked = false;
            client.failures = 0;
            return Duration.ZERO;
        }
        return Duration.ofNanos(left);
    }

    /** Counts a wrong secret; true when it locks the client out. */
    synchronized boolean failed(String remoteAddress) {
        String key = key(remoteAddress);
        Client client = clients.get(key);
        if (client == null) {
            client = new Client();
            clients.put(key, client);
            forgetOldest();
        }
        client.failures++;
        if (client.failures >= maxFailures && !client.locked) {
            client.locked = true;
            client.lockedUntilNanos = nanoClock.getAsLong() + lockoutNanos;
            return true;
        }
        return false;
    }

    /** A right secret: the client's count starts again. */
    synchronized void succeeded(String remoteAddress) {
        Client client = clients.get(key(remoteAddress));
        if (client != null && !client.locked) {
            clients.remove(key(remoteAddress));
        }
    }

    private void forgetOldest() {
        Iterator<Map.Entry<String, Client>> oldest = clients.entrySet().iterator();
        while (clients.size() > MAX_CLIENTS && oldest.hasNext()) {
            oldest.next();
            oldest.remove();
        }
    }

    /** The address, or its /64 for IPv6: a host that holds a /64 could otherwise guess from each of its addresses. */
    static String key(String remoteAddress) {
        if (remoteAddress == null) {
            return "";
        }
        String bare = remoteAddress.startsWith("[") && remoteAddress.endsWith("]")
                ? remoteAddress.substring(1, remoteAddress.length() - 1) : remoteAddress;
        if (!bare.contains(":") || !IPV6_LITERAL.matcher(bare).matches()) {
            return bare;
        }
        try {
            byte[] bytes = InetAddress.getByName(bare).getAddress(); // a literal: no name lookup
            if (bytes.length != 16) {
                return bare;
            }
            StringBuilder prefix = new StringBuilder();
            for (int i = 0; i < 8; i += 2) {
                prefix.append(String.format("%02x%02x:", bytes[i], bytes[i + 1]));
            }
            return prefix.append(":/64").toString();
        } catch (UnknownHostException e) {
            return bare;
        }
    }
}
