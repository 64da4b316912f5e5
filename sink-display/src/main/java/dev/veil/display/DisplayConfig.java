package dev.veil.display;

import dev.veil.config.ConfigException;
import dev.veil.config.Env;
import java.util.Objects;
import java.util.Optional;

/**
 * How the display server listens and whom it lets feed it.
 *
 * @param bind          address to listen on ({@code 0.0.0.0} for every interface, {@code 127.0.0.1} for this host)
 * @param port          TCP port; 0 picks a free one ({@link DisplayServer#port()} then tells which)
 * @param ingestToken   when present, {@code POST /ingest} needs {@code Authorization: Bearer <token>}
 * @param maxFrameBytes largest ingest body accepted; a bigger one is answered 413
 */
public record DisplayConfig(String bind, int port, Optional<String> ingestToken, int maxFrameBytes) {

    public static final String BIND = "VEIL_DISPLAY_BIND";
    public static final String PORT = "VEIL_DISPLAY_PORT";
    public static final String INGEST_TOKEN = "VEIL_INGEST_TOKEN";
    public static final String MAX_FRAME_BYTES = "VEIL_MAX_FRAME_BYTES";

    public static final int DEFAULT_PORT = 8080;
    public static final String DEFAULT_BIND = "0.0.0.0";
    public static final int DEFAULT_MAX_FRAME_BYTES = 16 * 1024 * 1024;
    /** Above this a "frame" is not video any more; it also keeps {@code max + 1} inside an int. */
    public static final int MAX_FRAME_BYTES_LIMIT = 256 * 1024 * 1024;
    public static final int MIN_FRAME_BYTES_LIMIT = 1024;

    public DisplayConfig {
        Objects.requireNonNull(bind, "bind");
        Objects.requireNonNull(ingestToken, "ingestToken");
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
    }

    /** Reads VEIL_DISPLAY_PORT, VEIL_DISPLAY_BIND, VEIL_INGEST_TOKEN and VEIL_MAX_FRAME_BYTES. */
    public static DisplayConfig fromEnv(Env env) {
        return new DisplayConfig(
                env.string(BIND, DEFAULT_BIND),
                env.integer(PORT, DEFAULT_PORT, 0, 65_535),
                env.optional(INGEST_TOKEN),
                env.integer(MAX_FRAME_BYTES, DEFAULT_MAX_FRAME_BYTES, MIN_FRAME_BYTES_LIMIT,
                        MAX_FRAME_BYTES_LIMIT));
    }

    /** Says whether a token is set, never the token: configs end up in logs. */
    @Override
    public String toString() {
        return "DisplayConfig[bind=" + bind + ", port=" + port + ", ingestToken="
                + (ingestToken.isPresent() ? "(set)" : "(none)") + ", maxFrameBytes=" + maxFrameBytes + "]";
    }
}
