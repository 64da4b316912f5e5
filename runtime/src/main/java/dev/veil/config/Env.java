package dev.veil.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Typed, validated reads of a vertex's environment. Each vertex reads its variables once, at start-up, into a
 * config record; any bad value becomes a {@link ConfigException} that names the variable, the value and what
 * would have been accepted, so the pod's log says exactly what to fix.
 */
public final class Env {

    private static final Pattern DURATION = Pattern.compile("(\\d+)(ms|s|m|h)");

    private final Map<String, String> vars;

    private Env(Map<String, String> vars) {
        this.vars = Map.copyOf(vars);
    }

    public static Env system() {
        return new Env(System.getenv());
    }

    public static Env of(Map<String, String> vars) {
        return new Env(vars);
    }

    /** The trimmed value, or empty when the variable is unset or blank. */
    public Optional<String> optional(String name) {
        String value = vars.get(name);
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        return Optional.of(value.trim());
    }

    public String string(String name, String defaultValue) {
        return optional(name).orElse(defaultValue);
    }

    public String required(String name, String whatItIs) {
        return optional(name).orElseThrow(() -> new ConfigException(name + " is not set: it must give " + whatItIs));
    }

    public int integer(String name, int defaultValue, int min, int max) {
        Optional<String> raw = optional(name);
        if (raw.isEmpty()) {
            return defaultValue;
        }
        int value;
        try {
            value = Integer.parseInt(raw.get());
        } catch (NumberFormatException e) {
            throw new ConfigException(name + "=" + raw.get() + " is not a whole number (" + min + ".." + max + ")");
        }
        if (value < min || value > max) {
            throw new ConfigException(name + "=" + value + " is out of range " + min + ".." + max);
        }
        return value;
    }

    public double decimal(String name, double defaultValue, double min, double max) {
        Optional<String> raw = optional(name);
        if (raw.isEmpty()) {
            return defaultValue;
        }
        double value;
        try {
            value = Double.parseDouble(raw.get());
        } catch (NumberFormatException e) {
            throw new ConfigException(name + "=" + raw.get() + " is not a number (" + min + ".." + max + ")");
        }
        if (!(value >= min && value <= max)) {
            throw new ConfigException(name + "=" + raw.get() + " is out of range " + min + ".." + max);
        }
        return value;
    }

    public boolean flag(String name, boolean defaultValue) {
        Optional<String> raw = optional(name);
        if (raw.isEmpty()) {
            return defaultValue;
        }
        return switch (raw.get().toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new ConfigException(name + "=" + raw.get() + " must be true or false");
        };
    }

    /** An enum constant, written in lower case with '-' for '_' (e.g. {@code realtime}, {@code as-fast-as-possible}). */
    public <E extends Enum<E>> E choice(String name, Class<E> type, E defaultValue) {
        Optional<String> raw = optional(name);
        if (raw.isEmpty()) {
            return defaultValue;
        }
        return parseChoice(name, raw.get(), type);
    }

    public static <E extends Enum<E>> E parseChoice(String name, String raw, Class<E> type) {
        String wanted = raw.trim().toUpperCase(Locale.ROOT).replace('-', '_');
        for (E constant : type.getEnumConstants()) {
            if (constant.name().equals(wanted)) {
                return constant;
            }
        }
        throw new ConfigException(name + "=" + raw + " is not one of " + choices(type));
    }

    public static <E extends Enum<E>> String choices(Class<E> type) {
        return Arrays.stream(type.getEnumConstants()).map(Env::spelling).collect(Collectors.joining(", "));
    }

    public static String spelling(Enum<?> constant) {
        return constant.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** A duration written as a whole number with a unit: {@code 250ms}, {@code 5s}, {@code 2m}, {@code 1h}. */
    public Duration duration(String name, Duration defaultValue) {
        Optional<String> raw = optional(name);
        return raw.isEmpty() ? defaultValue : parseDuration(name, raw.get());
    }

    public static Duration parseDuration(String name, String raw) {
        Matcher m = DURATION.matcher(raw.trim());
        if (!m.matches()) {
            throw new ConfigException(name + "=" + raw + " is not a duration such as 250ms, 5s, 2m or 1h");
        }
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "ms" -> Duration.ofMillis(n);
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            default -> Duration.ofHours(n);
        };
    }

    public Optional<Path> path(String name) {
        return optional(name).map(Path::of);
    }

    /** An absolute http or https URL. */
    public URI httpUrl(String name, String defaultValue) {
        String raw = string(name, defaultValue);
        try {
            URI uri = new URI(raw);
            if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
                throw new ConfigException(name + "=" + raw + " must be an http:// or https:// URL with a host");
            }
            return uri;
        } catch (URISyntaxException e) {
            throw new ConfigException(name + "=" + raw + " is not a URL: " + e.getReason());
        }
    }
}
