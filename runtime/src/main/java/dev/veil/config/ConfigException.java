package dev.veil.config;

/** A setting that is missing, malformed or out of range; the message names the setting and what it accepts. */
public final class ConfigException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public ConfigException(String message) {
        super(message);
    }
}
