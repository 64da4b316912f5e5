package dev.veil.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

/**
 * The values the files give each program are ones it accepts: each Veil container's environment, as the kubelet
 * would build it (ConfigMaps, Secret keys, {@code $(NAME)} references expanded), goes through the program's own config
 * parser (its {@code ProgramSettings}, the {@code XxxConfig.fromEnv} its main runs), which refuses a bad value at
 * start-up (exit status 2). The Secret holds the
 * example Secret's values; every key the overlays read is required, so "without the Secret" is no case: the pod does
 * not start (RawVideoPrivacyTest checks that).
 */
class ConfigAcceptanceTest {

    static List<String> overlays() {
        return Repo.overlays();
    }

    @ParameterizedTest(name = "overlay {0}")
    @MethodSource("overlays")
    void everyProgramAcceptsItsEnvironment(String overlay) {
        Rendered rendered = Rendered.overlay(overlay);
        Map<String, String> secretValues = SecretExample.values();
        List<String> refused = new ArrayList<>();
        int checked = 0;
        for (Rendered.Container container : rendered.containers()) {
            Optional<Program> program = container.program();
            if (program.isEmpty()) {
                continue;
            }
            checked++;
            program.get().refusal(rendered.resolve(container, secretValues))
                    .ifPresent(p -> refused.add(container.owner() + ": " + p));
        }
        assertEquals(List.of(), refused);
        assertEquals(Program.values().length, checked, "one container per program");
    }

    @ParameterizedTest(name = "overlay {0}")
    @MethodSource("overlays")
    void theSourceReadsTheDemoWithTheReaderFromTheSecret(String overlay) {
        Rendered rendered = Rendered.overlay(overlay);
        Rendered.Container source = rendered.containers().stream()
                .filter(c -> c.program().orElse(null) == Program.SOURCE).findFirst().orElseThrow();
        Map<String, String> secrets = SecretExample.values();
        URI input = URI.create(rendered.resolve(source, secrets).get("VEIL_INPUT"));
        assertEquals(secrets.get("mediamtx-read-user") + ":" + secrets.get("mediamtx-read-pass"), input.getUserInfo());
        assertEquals("veil-mediamtx", input.getHost());
    }

    @ParameterizedTest(name = "overlay {0}")
    @MethodSource("overlays")
    void aBadValueIsRefusedByTheSameCheck(String overlay) {
        Rendered rendered = Rendered.overlay(overlay);
        Rendered.Container sink = rendered.containers().stream()
                .filter(c -> c.program().orElse(null) == Program.SINK).findFirst().orElseThrow();
        Map<String, String> env = new HashMap<>(rendered.resolve(sink, SecretExample.values()));
        assertEquals(Optional.empty(), Program.SINK.refusal(env));
        env.put("VEIL_ANONYMIZE_MODE", "blurr");
        assertEquals(true, Program.SINK.refusal(env).isPresent(), "a misspelled mode must be refused");
    }

    /** The tracking is read with the rest of the inference's settings: a bad cadence fails this check too. */
    @ParameterizedTest(name = "overlay {0}")
    @MethodSource("overlays")
    void aBadCadenceIsRefusedByTheSameCheck(String overlay) {
        Rendered rendered = Rendered.overlay(overlay);
        Rendered.Container inference = rendered.containers().stream()
                .filter(c -> c.program().orElse(null) == Program.INFERENCE).findFirst().orElseThrow();
        Map<String, String> env = new HashMap<>(rendered.resolve(inference, SecretExample.values()));
        env.put("VEIL_DETECT_EVERY", "0");
        assertEquals(Optional.of("VEIL_DETECT_EVERY=0 is out of range 1..10"), Program.INFERENCE.refusal(env));
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
