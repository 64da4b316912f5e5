package dev.veil.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.veil.config.Env;
import java.lang.reflect.InvocationTargetException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

/**
 * The values the files give each program are ones it accepts: each Veil container's environment, as the pod
 * would see it, goes through the program's own config parser ({@code XxxConfig.fromEnv}), which refuses a bad
 * value at start-up (exit status 2). Both cases are tried: without the Secret (its keys are optional) and with the
 * example Secret's values.
 */
class ConfigAcceptanceTest {

    static List<String> overlays() {
        return Repo.overlays();
    }

    @ParameterizedTest(name = "overlay {0}")
    @MethodSource("overlays")
    void everyProgramAcceptsItsEnvironment(String overlay) throws Exception {
        Rendered rendered = Rendered.overlay(overlay);
        Map<String, String> secretValues = SecretExample.values();
        List<String> refused = new ArrayList<>();
        for (Rendered.Container container : rendered.containers()) {
            Optional<Program> program = container.program();
            if (program.isEmpty()) {
                continue;
            }
            Map<String, String> withoutSecret = new HashMap<>();
            Map<String, String> withSecret = new HashMap<>();
            for (Rendered.Variable v : rendered.environment(container).values()) {
                v.withoutSecret().ifPresent(value -> withoutSecret.put(v.name(), value));
                String value = v.secret().map(k -> secretValues.get(k.key())).orElse(v.value().orElse(null));
                if (value != null) {
                    withSecret.put(v.name(), value);
                }
            }
            check(program.get(), withoutSecret).ifPresent(p -> refused.add(container.owner() + " without the Secret: " + p));
            check(program.get(), withSecret).ifPresent(p -> refused.add(container.owner() + " with the Secret: " + p));
        }
        assertEquals(List.of(), refused);
    }

    @ParameterizedTest(name = "overlay {0}")
    @MethodSource("overlays")
    void aBadValueIsRefusedByTheSameCheck(String overlay) throws Exception {
        Rendered rendered = Rendered.overlay(overlay);
        Rendered.Container sink = rendered.containers().stream()
                .filter(c -> c.program().orElse(null) == Program.SINK).findFirst().orElseThrow();
        Map<String, String> env = new HashMap<>();
        rendered.environment(sink).values().forEach(v -> v.withoutSecret().ifPresent(value -> env.put(v.name(), value)));
        env.put("VEIL_ANONYMIZE_MODE", "blurr");
        assertEquals(true, check(Program.SINK, env).isPresent(), "a misspelled mode must be refused");
    }

    /** The parser's complaint, or empty when the program would start with this environment. */
    private static Optional<String> check(Program program, Map<String, String> environment) throws Exception {
        Class<?> config = Class.forName(program.configClass());
        try {
            config.getMethod("fromEnv", Env.class).invoke(null, Env.of(environment));
            return Optional.empty();
        } catch (InvocationTargetException e) {
            return Optional.of(e.getCause().getClass().getSimpleName() + ": " + e.getCause().getMessage());
        }
    }

    /** The example Secret's keys and values (pipelines/base/secret-example.yaml). */
    static final class SecretExample {
        private SecretExample() {
        }

        static Map<String, String> values() {
            JsonNode secret = Yaml.documents(Repo.pipelines().resolve("base/secret-example.yaml")).get(0);
            Map<String, String> values = new HashMap<>();
            secret.path("stringData").properties().forEach(e -> values.put(e.getKey(), e.getValue().asString()));
            return values;
        }
    }
}
