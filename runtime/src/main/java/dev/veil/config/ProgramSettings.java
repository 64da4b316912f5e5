package dev.veil.config;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Every setting one program reads, and how it reads them: the whole of what its container's environment may give it.
 * deploy-check takes from here which variables a program reads, which it cannot start without, and whether the values
 * the Kubernetes files give are ones it accepts; a test holds README's tables to it.
 *
 * @param program  the program's name, as its image is named ({@code source-rtsp}, {@code display})
 * @param settings what it reads, {@link SharedSettings#LOG_LEVEL} (every program's) included, each name once
 * @param parser   reads its environment into its config, refusing a bad value as the program does at start-up
 */
public record ProgramSettings(String program, List<Setting<?>> settings, Function<Env, ?> parser) {

    public ProgramSettings {
        List<Setting<?>> all = new ArrayList<>(settings);
        if (!all.contains(SharedSettings.LOG_LEVEL)) {
            all.add(SharedSettings.LOG_LEVEL);
        }
        Set<String> names = new LinkedHashSet<>();
        for (Setting<?> s : all) {
            if (!names.add(s.name())) {
                throw new IllegalArgumentException(program + " declares " + s.name() + " twice");
            }
        }
        settings = List.copyOf(all);
    }

    /** The names of every variable it reads. */
    public Set<String> names() {
        Set<String> names = new TreeSet<>();
        settings.forEach(s -> names.add(s.name()));
        return names;
    }

    /** The names of the variables it cannot start without. */
    public Set<String> requiredNames() {
        Set<String> names = new TreeSet<>();
        settings.stream().filter(Setting::isRequired).forEach(s -> names.add(s.name()));
        return names;
    }

    /** The declaration of one of its variables. */
    public Optional<Setting<?>> setting(String name) {
        return settings.stream().<Setting<?>>map(s -> s).filter(s -> s.name().equals(name)).findFirst();
    }

    /**
     * The line the program would refuse to start with, given this environment; empty when it would start.
     *
     * @throws IllegalStateException when it read a variable it does not declare: deploy-check would not know of it
     */
    public Optional<String> refusal(Map<String, String> environment) {
        Env env;
        try {
            env = Env.of(environment);
        } catch (ConfigException e) {
            return Optional.of(e.getMessage());
        }
        Optional<String> refused;
        try {
            parser.apply(env);
            refused = Optional.empty();
        } catch (ConfigException e) {
            refused = Optional.of(e.getMessage());
        }
        Set<String> undeclared = new TreeSet<>(env.namesAsked());
        undeclared.removeAll(names());
        if (!undeclared.isEmpty()) {
            throw new IllegalStateException(program + " reads " + undeclared + ", which it does not declare");
        }
        return refused;
    }
}
