package dev.veil.display;

import dev.veil.config.ConfigException;
import dev.veil.config.Env;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How the display server listens, whom it lets feed it and watch it, and how it orders frames.
 *
 * @param bind          address to listen on ({@code 0.0.0.0} for every interface, {@code 127.0.0.1} for this host)
 * @param port          TCP port; 0 picks a free one ({@link DisplayServer#port()} then tells which)
 * @param ingestToken   when present, {@code POST /ingest} needs {@code Authorization: Bearer <token>}
 * @param maxFrameBytes largest ingest body accepted; a bigger one is answered 413
 * @param reorderFrames most frames of a stream held back waiting for an earlier one (0: no reordering)
 * @param reorderWait   longest a frame is held back waiting for an earlier one
 * @param viewAccess    who may watch (pages, pictures, stats, metrics)
 */
public record DisplayConfig(String bind, int port, Optional<String> ingestToken, int maxFrameBytes,
                            int reorderFrames, Duration reorderWait, ViewAccess viewAccess) {

    public static final String BIND = "VEIL_DISPLAY_BIND";
    public static final String PORT = "VEIL_DISPLAY_PORT";
    public static final String INGEST_TOKEN = "VEIL_INGEST_TOKEN";
    public static final String MAX_FRAME_BYTES = "VEIL_MAX_FRAME_BYTES";
    public static final String REORDER_FRAMES = "VEIL_REORDER_FRAMES";
    public static final String REORDER_WAIT = "VEIL_REORDER_WAIT";

    public static final int DEFAULT_PORT = 8080;
    public static final String DEFAULT_BIND = "0.0.0.0";
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

    public DisplayConfig {
        Objects.requireNonNull(bind, "bind");
        Objects.requireNonNull(ingestToken, "ingestToken");
        Objects.requireNonNull(reorderWait, "reorderWait");
        Objects.requireNonNull(viewAccess, "viewAccess");
        if (bind.isBlank()) {
            throw new ConfigException("display bind address is blank");
        }
        if (port < 0 || port > 65_535) {
            throw new ConfigException("display port " + port + " is out of range 0..65535");
        }
        if (ingestToken.isPresent() && ingestToken.get().isBlank()) {
            throw new ConfigException("ingest token is blank: leave it unset to accept frames without one");
        }
        if (maxFrameBytes < MIN_FRAME_BYTES_LIMIT || maxFrameBytes > MAX_FRAME_BYTES_LIMIT) {
            throw new ConfigException("max frame bytes " + maxFrameBytes + " is out of range "
                    + MIN_FRAME_BYTES_LIMIT + ".." + MAX_FRAME_BYTES_LIMIT);
        }
        if (reorderFrames < 0 || reorderFrames > MAX_REORDER_FRAMES) {
            throw new ConfigException(REORDER_FRAMES + "=" + reorderFrames + " is out of range 0.." + MAX_REORDER_FRAMES);
        }
        if (reorderWait.isNegative() || reorderWait.compareTo(MAX_REORDER_WAIT) > 0) {
            throw new ConfigException(REORDER_WAIT + "=" + reorderWait.toMillis() + "ms is out of range 0ms.."
                    + MAX_REORDER_WAIT.toMillis() + "ms");
        }
    }

    /** Open viewing and the default reorder window. */
    public DisplayConfig(String bind, int port, Optional<String> ingestToken, int maxFrameBytes) {
        this(bind, port, ingestToken, maxFrameBytes, DEFAULT_REORDER_FRAMES, DEFAULT_REORDER_WAIT, ViewAccess.open());
    }

    /** Reads VEIL_DISPLAY_*, VEIL_INGEST_TOKEN, VEIL_MAX_FRAME_BYTES, VEIL_REORDER_* and VEIL_VIEW_*. */
    public static DisplayConfig fromEnv(Env env) {
        return new DisplayConfig(
                env.string(BIND, DEFAULT_BIND),
                env.integer(PORT, DEFAULT_PORT, 0, 65_535),
                env.optional(INGEST_TOKEN),
                env.integer(MAX_FRAME_BYTES, DEFAULT_MAX_FRAME_BYTES, MIN_FRAME_BYTES_LIMIT,
                        MAX_FRAME_BYTES_LIMIT),
                env.integer(REORDER_FRAMES, DEFAULT_REORDER_FRAMES, 0, MAX_REORDER_FRAMES),
                env.duration(REORDER_WAIT, DEFAULT_REORDER_WAIT),
                ViewAccess.fromEnv(env));
    }

    /** Says whether secrets are set, never the secrets: configs end up in logs. */
    @Override
    public String toString() {
        return "DisplayConfig[bind=" + bind + ", port=" + port + ", ingestToken="
                + (ingestToken.isPresent() ? "(set)" : "(none)") + ", maxFrameBytes=" + maxFrameBytes
                + ", reorderFrames=" + reorderFrames + ", reorderWait=" + reorderWait.toMillis() + "ms"
                + ", viewAccess=" + viewAccess + "]";
    }
}
