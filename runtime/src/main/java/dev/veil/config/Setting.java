package dev.veil.config;

import java.math.BigDecimal;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One setting of a program, declared once: its environment variable's name, how a value is written and read, the
 * range it must be in, its default and a one-line doc. The program's config record reads its environment through its
 * settings, {@code veil run} reads the flags that mean the same thing through the same settings, deploy-check learns
 * from them what each program reads ({@link ProgramSettings}), and a test holds README's tables to them.
 *
 * <p>Every refusal is one line that names the variable (or the flag), the value and what is accepted, e.g.
 * {@code VEIL_JPEG_QUALITY=101 is out of range 1..100}. Immutable; {@link #toString()} is the name, so that a message
 * may say {@code SETTING + "=" + value}.
 *
 * @param <T> the type of its values
 */
public final class Setting<T> {

    /** Reads a value as written; refuses it with an {@link IllegalArgumentException} saying what is wrong with it. */
    @FunctionalInterface
    public interface Parser<T> {
        /**
         * @throws IllegalArgumentException whose message follows the value in the refusal ("is not a whole number");
         *                                  a {@link ConfigException} is passed on as it is
         */
        T parse(String raw);
    }

    /** What is wrong with a value ("is out of range 1..100"), or empty when it is accepted. */
    @FunctionalInterface
    public interface Rule<T> {
        Optional<String> complaint(T value);
    }

    private static final Pattern DURATION = Pattern.compile("(\\d+)(ms|s|m|h)");
    private static final String NO_DEFAULT = "none";
    private static final String REQUIRED = "required";

    private final String name;
    private final String doc;
    private final Parser<T> parser;
    private final Function<T, String> writer;
    private final Rule<T> rule;
    private final T defaultValue;
    private final String defaultText;
    private final boolean required;

    private Setting(String name, String doc, Parser<T> parser, Function<T, String> writer, Rule<T> rule,
                    T defaultValue, String defaultText, boolean required) {
        this.name = Objects.requireNonNull(name, "name");
        this.doc = Objects.requireNonNull(doc, "doc");
        this.parser = parser;
        this.writer = writer;
        this.rule = rule;
        this.defaultValue = defaultValue;
        this.defaultText = defaultText;
        this.required = required;
        if (!name.matches("VEIL_[A-Z0-9_]+")) {
            throw new IllegalArgumentException("a setting's name is VEIL_ and capitals: " + name);
        }
        if (doc.isBlank() || doc.contains("\n")) {
            throw new IllegalArgumentException(name + ": the doc is one line");
        }
        if (defaultValue != null) {
            rule.complaint(defaultValue).ifPresent(c -> {
                throw new IllegalArgumentException(name + ": the default " + writer.apply(defaultValue) + " " + c);
            });
        }
    }

    /** A setting of any type, without a default (see {@link #byDefault(Object)}). */
    public static <T> Setting<T> of(String name, String doc, Parser<T> parser, Function<T, String> writer) {
        return new Setting<>(name, doc, parser, writer, value -> Optional.empty(), null, NO_DEFAULT, false);
    }

    /** A whole number in {@code min..max}. */
    public static Setting<Integer> integer(String name, int min, int max, String doc) {
        String range = min + ".." + max;
        return Setting.<Integer>of(name, doc, raw -> {
            try {
                return Integer.parseInt(raw);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("is not a whole number (" + range + ")");
            }
        }, String::valueOf)
                .checking(v -> v < min || v > max ? Optional.of("is out of range " + range) : Optional.empty());
    }

    /** A number in {@code min..max}. */
    public static Setting<Double> decimal(String name, double min, double max, String doc) {
        String range = decimalText(min) + ".." + decimalText(max);
        return Setting.<Double>of(name, doc, raw -> {
            try {
                return Double.parseDouble(raw);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("is not a number (" + range + ")");
            }
        }, Setting::decimalText)
                .checking(v -> v >= min && v <= max ? Optional.empty() : Optional.of("is out of range " + range));
    }

    /** {@code true} or {@code false}. */
    public static Setting<Boolean> flag(String name, String doc) {
        return of(name, doc, raw -> switch (raw.toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException("must be true or false");
        }, String::valueOf);
    }

    /** One of an enum's constants, written in lower case with '-' for '_' ({@code as-fast-as-possible}). */
    public static <E extends Enum<E>> Setting<E> choice(String name, Class<E> type, String doc) {
        return of(name, doc, raw -> choiceOf(raw, type), Env::spelling);
    }

    /** A duration in {@code min..max}, written as a whole number and a unit: {@code 250ms}, {@code 5s}, {@code 2m}. */
    public static Setting<Duration> duration(String name, Duration min, Duration max, String doc) {
        String range = durationText(min) + ".." + durationText(max);
        return of(name, doc, Setting::durationOf, Setting::durationText)
                .checking(v -> v.compareTo(min) < 0 || v.compareTo(max) > 0 ? Optional.of("is out of range " + range)
                        : Optional.empty());
    }

    /** A duration longer than zero. */
    public static Setting<Duration> positiveDuration(String name, String doc) {
        return of(name, doc, Setting::durationOf, Setting::durationText)
                .checking(v -> v.isZero() || v.isNegative()
                        ? Optional.of("must be a positive duration such as 500ms or 10s") : Optional.empty());
    }

    /** Text, taken as it is written (trimmed). */
    public static Setting<String> text(String name, String doc) {
        return of(name, doc, raw -> raw, value -> value);
    }

    /** A file or folder. */
    public static Setting<Path> path(String name, String doc) {
        return of(name, doc, Path::of, Path::toString);
    }

    /** An absolute http or https URL with a host. */
    public static Setting<URI> httpUrl(String name, String doc) {
        return of(name, doc, raw -> {
            URI uri;
            try {
                uri = new URI(raw);
            } catch (URISyntaxException e) {
                throw new IllegalArgumentException("is not a URL: " + e.getReason());
            }
            if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
                throw new IllegalArgumentException("must be an http:// or https:// URL with a host");
            }
            return uri;
        }, URI::toString);
    }

    /** This setting, with {@code rule} checked besides its own. */
    public Setting<T> checking(Rule<T> more) {
        Rule<T> own = rule;
        return new Setting<>(name, doc, parser, writer, value -> own.complaint(value).or(() -> more.complaint(value)),
                defaultValue, defaultText, required);
    }

    /** This setting with a fixed default, the value when it is not set. */
    public Setting<T> byDefault(T value) {
        return new Setting<>(name, doc, parser, writer, rule, Objects.requireNonNull(value, "default"),
                writer.apply(value), false);
    }

    /** This setting with a default its program works out (from other settings, the model), as a reader is told it. */
    public Setting<T> byDefaultDescribed(String described) {
        return new Setting<>(name, doc, parser, writer, rule, null, described, false);
    }

    /** This setting, without which its program does not start. */
    public Setting<T> required() {
        return new Setting<>(name, doc, parser, writer, rule, null, REQUIRED, true);
    }

    public String name() {
        return name;
    }

    /** One line: what the setting does. */
    public String doc() {
        return doc;
    }

    /** Whether its program refuses to start without it. */
    public boolean isRequired() {
        return required;
    }

    /** Whether it has a fixed default ({@link #defaultValue()}). */
    public boolean hasDefault() {
        return defaultValue != null;
    }

    /** The fixed default. */
    public T defaultValue() {
        if (defaultValue == null) {
            throw new IllegalStateException(name + " has no fixed default (" + defaultText + ")");
        }
        return defaultValue;
    }

    /** The default as a reader sees it: the value as written, "none", "required", or what the program works out. */
    public String defaultText() {
        return defaultText;
    }

    /** A value as it is written in the environment. */
    public String write(T value) {
        return writer.apply(value);
    }

    /** The value set in the environment; empty when it is unset or blank. */
    public Optional<T> optional(Env env) {
        return env.raw(name).map(this::parse);
    }

    /** The value set in the environment, or the fixed default. */
    public T read(Env env) {
        Optional<T> value = optional(env);
        return value.isPresent() ? value.get() : defaultValue();
    }

    /** The value set in the environment, or a refusal that says what it must give. */
    public T readRequired(Env env) {
        return optional(env).orElseThrow(() -> new ConfigException(name + " is not set: it must give " + doc));
    }

    /** Reads a value as the environment writes it, refusing it as {@code NAME=raw ...}. */
    public T parse(String raw) {
        return parse(name + "=" + raw, raw);
    }

    /** Reads the value of a command-line flag that means this setting, refusing it as {@code --flag raw ...}. */
    public T parseFlag(String flag, String raw) {
        return parse(flag + " " + raw, raw);
    }

    /** {@code value}, when it is accepted; else a refusal {@code NAME=value ...}. */
    public T check(T value) {
        rule.complaint(value).ifPresent(c -> {
            throw new ConfigException(name + "=" + writer.apply(value) + " " + c);
        });
        return value;
    }

    @Override
    public String toString() {
        return name;
    }

    private T parse(String subject, String raw) {
        T value;
        try {
            value = parser.parse(raw.trim());
        } catch (ConfigException e) {
            throw e;
        } catch (IllegalArgumentException e) {
            throw new ConfigException(subject + " " + e.getMessage());
        }
        rule.complaint(value).ifPresent(c -> {
            throw new ConfigException(subject + " " + c);
        });
        return value;
    }

    static <E extends Enum<E>> E choiceOf(String raw, Class<E> type) {
        String wanted = raw.trim().toUpperCase(Locale.ROOT).replace('-', '_');
        for (E constant : type.getEnumConstants()) {
            if (constant.name().equals(wanted)) {
                return constant;
            }
        }
        throw new IllegalArgumentException("is not one of " + Env.choices(type));
    }

    /** A duration as settings write it; an {@link IllegalArgumentException} says what is wrong with it. */
    public static Duration durationOf(String raw) {
        Matcher m = DURATION.matcher(raw.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException("is not a duration such as 250ms, 5s, 2m or 1h");
        }
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "ms" -> Duration.ofMillis(n);
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            default -> Duration.ofHours(n);
        };
    }

    /** Whole seconds as {@code 10s}, anything else (zero included) as {@code 250ms}. */
    static String durationText(Duration d) {
        long millis = d.toMillis();
        return millis != 0 && millis % 1000 == 0 ? millis / 1000 + "s" : millis + "ms";
    }

    /** A number as settings write it: {@code 0.45}, {@code 30} (no trailing zeros). */
    public static String decimalText(double value) {
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            return String.valueOf(value);
        }
        return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
    }
}
