package dev.veil.config;

import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * A program's environment, read once at start-up into its config record through the {@link Setting}s it declares:
 * only a declared setting can read it, so what a program reads is what it declares ({@link ProgramSettings}). It
 * remembers the names asked, so that deploy-check can hold a program's declarations to what it reads.
 */
public final class Env {

    /**
     * Variables Veil read once and reads no more, each with what to set instead: left in a deployment they would be
     * ignored without a word, and what they asked for silently not done, so a program refuses to start with one.
     * (A method, not a constant: the settings it names may still be initializing when this class is.)
     */
    static Map<String, String> retired() {
        String displaySize = "set " + SharedSettings.DISPLAY_SIZE.name() + "=WxH instead (default "
                + SharedSettings.DISPLAY_SIZE.defaultText() + "), the pipeline's one display box";
        return Map.of("VEIL_SOURCE_MAX_SIZE", displaySize, "VEIL_DISPLAY_WIDTH", displaySize,
                "VEIL_DISPLAY_HEIGHT", displaySize);
    }

    private final Map<String, String> vars;
    private final Set<String> asked = ConcurrentHashMap.newKeySet();

    private Env(Map<String, String> vars) {
        this.vars = Map.copyOf(vars);
    }

    /** @throws ConfigException when a {@link #retired() retired} variable is set */
    public static Env system() {
        return of(System.getenv());
    }

    /** @throws ConfigException when a {@link #retired() retired} variable is set */
    public static Env of(Map<String, String> vars) {
        Map<String, String> retired = retired();
        for (String name : new TreeSet<>(retired.keySet())) {
            String value = vars.get(name);
            if (value != null && !value.isBlank()) {
                throw new ConfigException(name + " is no longer read: " + retired.get(name) + "; remove " + name);
            }
        }
        return new Env(vars);
    }

    /** The trimmed value, or empty when the variable is unset or blank. */
    Optional<String> raw(String name) {
        asked.add(name);
        String value = vars.get(name);
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        return Optional.of(value.trim());
    }

    /** The names of the variables read so far, set or not. */
    public Set<String> namesAsked() {
        return Set.copyOf(asked);
    }

    /** An enum constant from its spelling ({@link #spelling}); a refusal names {@code name}, e.g. a flag. */
    public static <E extends Enum<E>> E parseChoice(String name, String raw, Class<E> type) {
        try {
            return Setting.choiceOf(raw, type);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(name + "=" + raw + " " + e.getMessage());
        }
    }

    public static <E extends Enum<E>> String choices(Class<E> type) {
        return Arrays.stream(type.getEnumConstants()).map(Env::spelling).collect(Collectors.joining(", "));
    }

    /** How a setting writes an enum constant: lower case with '-' for '_' ({@code as-fast-as-possible}). */
    public static String spelling(Enum<?> constant) {
        return constant.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** A duration written as a whole number with a unit: {@code 250ms}, {@code 5s}, {@code 2m}, {@code 1h}. */
    public static Duration parseDuration(String name, String raw) {
        try {
            return Setting.durationOf(raw);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(name + "=" + raw + " " + e.getMessage());
        }
    }
}
