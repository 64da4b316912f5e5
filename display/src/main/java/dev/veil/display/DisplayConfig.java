package dev.veil.display;

import dev.veil.config.ConfigException;
import dev.veil.config.Env;
import dev.veil.config.ProgramSettings;
import dev.veil.config.Setting;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * How the display server listens, whom it lets feed it and watch it, and how it orders frames.
 *
 * <p>Bound to anything but loopback, it needs both secrets, the ingest token and a viewing secret: a display
 * anyone on the network can feed or watch is refused at start, unless {@code VEIL_DISPLAY_ALLOW_OPEN=true} says
 * so on purpose. On loopback it may run without them (only this host reaches it), and says so loudly at start.
 *
 * @param bind          address to listen on ({@code 127.0.0.1} for this host, {@code 0.0.0.0} for every interface)
 * @param port          TCP port; 0 picks a free one ({@link DisplayServer#port()} then tells which)
 * @param ingestToken   when present, {@code POST /ingest} needs {@code Authorization: Bearer <token>}
 * @param maxFrameBytes largest ingest body accepted; a bigger one is answered 413
 * @param reorderFrames most frames of a stream held back waiting for an earlier one (0: no reordering)
 * @param reorderWait   longest a frame is held back waiting for an earlier one
 * @param viewAccess    who may watch (pages, pictures, stats, metrics)
 * @param hosts         host names requests may be addressed to besides {@code localhost} and IP addresses
 *                      ({@link HostRule}); {@code *} for any
 * @param allowOpen     start on a non-loopback address without the ingest token or a viewing secret
 */
public record DisplayConfig(String bind, int port, Optional<String> ingestToken, int maxFrameBytes,
                            int reorderFrames, Duration reorderWait, ViewAccess viewAccess, List<String> hosts,
                            boolean allowOpen) {

    public static final int DEFAULT_PORT = 8080;
    /** Only this host, so that a display started without secrets is not open to the network. */
    public static final String DEFAULT_BIND = "127.0.0.1";
    /** Shorter secrets are refused: 16 random bytes are beyond guessing, even without the lockout. */
    public static final int MIN_SECRET_BYTES = 16;
    public static final int DEFAULT_MAX_FRAME_BYTES = 16 * 1024 * 1024;
    /** Above this a "frame" is not video any more; it also keeps {@code max + 1} inside an int. */
    public static final int MAX_FRAME_BYTES_LIMIT = 256 * 1024 * 1024;
    public static final int MIN_FRAME_BYTES_LIMIT = 1024;
    /** About a quarter of a second of 30 fps video: what a few map replicas put out of order. */
    public static final int DEFAULT_REORDER_FRAMES = 8;
    public static final int MAX_REORDER_FRAMES = 256;
    public static final Duration DEFAULT_REORDER_WAIT = Duration.ofMillis(100);
    /** Beyond this a held frame is not reordering any more, it is a stalled picture. */
    public static final Duration MAX_REORDER_WAIT = Duration.ofSeconds(2);

    public static final Setting<String> BIND = Setting.text("VEIL_DISPLAY_BIND",
            "address to listen on; on anything but loopback it needs both secrets").byDefault(DEFAULT_BIND);
    public static final Setting<Integer> PORT = Setting.integer("VEIL_DISPLAY_PORT", 0, 65_535,
            "TCP port; 0 picks a free one").byDefault(DEFAULT_PORT);
    public static final Setting<String> INGEST_TOKEN = Setting.text("VEIL_INGEST_TOKEN",
            "when set (16 bytes or more), /ingest needs Authorization: Bearer <token>");
    public static final Setting<List<String>> HOSTS = Setting.<List<String>>of("VEIL_DISPLAY_HOSTS",
                    "host names requests may be addressed to besides localhost and IP addresses; * for any",
                    DisplayConfig::hostList, hosts -> String.join(",", hosts))
            .byDefaultDescribed("none");
    public static final Setting<Boolean> ALLOW_OPEN = Setting.flag("VEIL_DISPLAY_ALLOW_OPEN",
            "true: start on a non-loopback address without the secrets").byDefault(false);
    public static final Setting<Integer> MAX_FRAME_BYTES = Setting.integer("VEIL_MAX_FRAME_BYTES",
            MIN_FRAME_BYTES_LIMIT, MAX_FRAME_BYTES_LIMIT, "largest frame accepted").byDefault(DEFAULT_MAX_FRAME_BYTES);
    public static final Setting<Integer> REORDER_FRAMES = Setting.integer("VEIL_REORDER_FRAMES", 0,
            MAX_REORDER_FRAMES, "most frames of a stream held back waiting for an earlier one")
            .byDefault(DEFAULT_REORDER_FRAMES);
    public static final Setting<Duration> REORDER_WAIT = Setting.duration("VEIL_REORDER_WAIT", Duration.ZERO,
            MAX_REORDER_WAIT, "longest a frame is held back waiting for an earlier one")
            .byDefault(DEFAULT_REORDER_WAIT);

    /** Every variable the display server reads, its viewers' included. */
    public static final ProgramSettings SETTINGS = new ProgramSettings("display", Stream.concat(Stream.of(BIND, PORT,
            INGEST_TOKEN, HOSTS, ALLOW_OPEN, MAX_FRAME_BYTES, REORDER_FRAMES, REORDER_WAIT),
            ViewAccess.SETTINGS.stream()).toList(), DisplayConfig::fromEnv);

    private static final Pattern HOST_NAME = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9.])?");
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final Pattern IPV6 = Pattern.compile("\\[?[0-9a-fA-F:.]*:[0-9a-fA-F:.]*(%[0-9A-Za-z_.-]+)?]?");

    public DisplayConfig {
        Objects.requireNonNull(bind, "bind");
        Objects.requireNonNull(ingestToken, "ingestToken");
        Objects.requireNonNull(reorderWait, "reorderWait");
        Objects.requireNonNull(viewAccess, "viewAccess");
        hosts = List.copyOf(hosts);
        if (bind.isBlank()) {
            throw new ConfigException("display bind address is blank");
        }
        PORT.check(port);
        if (ingestToken.isPresent() && ingestToken.get().isBlank()) {
            throw new ConfigException("ingest token is blank: leave it unset to accept frames without one");
        }
        ingestToken.ifPresent(t -> requireLongSecret(INGEST_TOKEN, t));
        for (String host : hosts) {
            if (!host.equals(HostRule.ANY) && !HOST_NAME.matcher(host).matches()) {
                throw new ConfigException(HOSTS + " has \"" + host + "\": give host names only (no scheme, port"
                        + " or path), separated by commas, or * for any");
            }
        }
        MAX_FRAME_BYTES.check(maxFrameBytes);
        REORDER_FRAMES.check(reorderFrames);
        REORDER_WAIT.check(reorderWait);
        List<String> missing = openParts(ingestToken, viewAccess);
        if (!missing.isEmpty() && !allowOpen && !isLoopback(bind)) {
            throw new ConfigException("the display listens on " + bind + ", not only on this host, yet "
                    + String.join(" and ", missing) + ": set the secrets (at least " + MIN_SECRET_BYTES
                    + " bytes each), or " + BIND + "=127.0.0.1, or " + ALLOW_OPEN + "=true to run it open on purpose");
        }
    }

    /** Open viewing, the default reorder window, no host names but localhost and addresses. */
    public DisplayConfig(String bind, int port, Optional<String> ingestToken, int maxFrameBytes) {
        this(bind, port, ingestToken, maxFrameBytes, DEFAULT_REORDER_FRAMES, DEFAULT_REORDER_WAIT, ViewAccess.open());
    }

    /** No host names but localhost and addresses, and no opening of a non-loopback address without secrets. */
    public DisplayConfig(String bind, int port, Optional<String> ingestToken, int maxFrameBytes,
                         int reorderFrames, Duration reorderWait, ViewAccess viewAccess) {
        this(bind, port, ingestToken, maxFrameBytes, reorderFrames, reorderWait, viewAccess, List.of(), false);
    }

    /** Reads VEIL_DISPLAY_*, VEIL_INGEST_TOKEN, VEIL_MAX_FRAME_BYTES, VEIL_REORDER_* and VEIL_VIEW_*. */
    public static DisplayConfig fromEnv(Env env) {
        return new DisplayConfig(
                BIND.read(env),
                PORT.read(env),
                INGEST_TOKEN.optional(env),
                MAX_FRAME_BYTES.read(env),
                REORDER_FRAMES.read(env),
                REORDER_WAIT.read(env),
                ViewAccess.fromEnv(env),
                HOSTS.optional(env).orElse(List.of()),
                ALLOW_OPEN.read(env));
    }

    /** What is open without a secret, as a start-up message says it: empty when both secrets are set. */
    public List<String> openParts() {
        return openParts(ingestToken, viewAccess);
    }

    /** Whether only this host can reach the address: a loopback address or {@code localhost} (no name is looked up). */
    public static boolean isLoopback(String bind) {
        String b = bind.trim();
        if (b.equalsIgnoreCase("localhost")) {
            return true;
        }
        if (!IPV4.matcher(b).matches() && !IPV6.matcher(b).matches()) {
            return false; // a name: whatever it resolves to now, it is not known to stay loopback
        }
        try {
            String literal = b.startsWith("[") && b.endsWith("]") ? b.substring(1, b.length() - 1) : b;
            return InetAddress.getByName(literal).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    /** Refuses a secret shorter than {@link #MIN_SECRET_BYTES}, naming the variable but never the value. */
    static void requireLongSecret(Setting<String> variable, String secret) {
        int bytes = secret.getBytes(StandardCharsets.UTF_8).length;
        if (bytes < MIN_SECRET_BYTES) {
            throw new ConfigException(variable + " is " + bytes + " bytes long: a secret needs at least "
                    + MIN_SECRET_BYTES + " (e.g. openssl rand -hex 16)");
        }
    }

    private static List<String> openParts(Optional<String> ingestToken, ViewAccess viewAccess) {
        List<String> open = new ArrayList<>();
        if (ingestToken.isEmpty()) {
            open.add("anyone may send frames (" + INGEST_TOKEN + " is not set)");
        }
        if (viewAccess.mode() == ViewAuth.NONE) {
            open.add("anyone may watch (" + ViewAccess.AUTH + "=none: no " + ViewAccess.TOKEN + " or "
                    + ViewAccess.PASSWORD + ")");
        }
        return open;
    }

    private static List<String> hostList(String raw) {
        return Arrays.stream(raw.split(",")).map(String::trim).filter(h -> !h.isEmpty()).toList();
    }

    /** Says whether secrets are set, never the secrets: configs end up in logs. */
    @Override
    public String toString() {
        return "DisplayConfig[bind=" + bind + ", port=" + port + ", ingestToken="
                + (ingestToken.isPresent() ? "(set)" : "(none)") + ", maxFrameBytes=" + maxFrameBytes
                + ", reorderFrames=" + reorderFrames + ", reorderWait=" + reorderWait.toMillis() + "ms"
                + ", viewAccess=" + viewAccess + ", hosts=" + hosts + ", allowOpen=" + allowOpen + "]";
    }
}
