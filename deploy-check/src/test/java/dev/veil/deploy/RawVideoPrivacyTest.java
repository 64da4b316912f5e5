package dev.veil.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.veil.config.ConfigException;
import dev.veil.config.Env;
import dev.veil.deploy.Pods.Pod;
import dev.veil.display.DisplayConfig;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

/**
 * Every overlay keeps raw video private by default: NetworkPolicies let only the source reach MediaMTX, only
 * Numaflow's pods reach JetStream and only the sink reach the display; MediaMTX lets only users from the Secret read
 * or publish and runs unprivileged; JetStream encrypts in transit and at rest; every Secret key is required, so a
 * missing Secret stops the pods instead of opening a server.
 */
class RawVideoPrivacyTest {

    private static final int RTSP = 8554;
    private static final int DISPLAY = 8080;
    private static final int NATS_CLIENT = 4222;
    private static final int NATS_METRICS = 7777;
    private static final Map<String, String> MONITORING = Map.of("kubernetes.io/metadata.name", "monitoring");

    static List<String> overlays() {
        return Repo.overlays();
    }

    @ParameterizedTest(name = "overlay {0}")
    @MethodSource("overlays")
    void onlyTheSourceReachesMediaMtx(String overlay) {
        Rendered r = Rendered.overlay(overlay);
        IngressPolicies policies = new IngressPolicies(r);
        Pod mediamtx = Pods.deployment(r, "veil-mediamtx");
        assertTrue(policies.allows(Pods.vertex(r, "source"), mediamtx, RTSP), "the source must read the demo");
        for (Pod other : othersThan(r, "source")) {
            assertFalse(policies.allows(other, mediamtx, RTSP), other.name() + " must not reach MediaMTX's raw stream");
        }
    }

    @ParameterizedTest(name = "overlay {0}")
    @MethodSource("overlays")
    void onlyTheSinkReachesTheDisplay(String overlay) {
        Rendered r = Rendered.overlay(overlay);
        IngressPolicies policies = new IngressPolicies(r);
        Pod display = Pods.deployment(r, "veil-display");
        assertTrue(policies.allows(Pods.vertex(r, "sink"), display, DISPLAY), "the sink must post frames");
        for (Pod other : othersThan(r, "sink")) {
            if (!other.namespaceLabels().equals(MONITORING)) {
                assertFalse(policies.allows(other, display, DISPLAY), other.name() + " must not reach the display");
            }
        }
        assertTrue(policies.allows(prometheus(), display, DISPLAY), "Prometheus scrapes the display's /metrics");
    }

    @ParameterizedTest(name = "overlay {0}")
    @MethodSource("overlays")
    void onlyNumaflowsPodsReachJetStream(String overlay) {
        Rendered r = Rendered.overlay(overlay);
        IngressPolicies policies = new IngressPolicies(r);
        Pod jetstream = Pods.jetstream(r);
        List<Pod> numaflow = new ArrayList<>();
        r.vertices().forEach(v -> numaflow.add(Pods.vertex(r, v.path("name").asString())));
        numaflow.add(Pods.daemon(r));
        numaflow.add(jetstream);
        for (Pod pod : numaflow) {
            assertTrue(policies.allows(pod, jetstream, NATS_CLIENT), pod.name() + " must reach the buffers");
        }
        List<Pod> outsiders = List.of(Pods.deployment(r, "veil-display"), Pods.deployment(r, "veil-mediamtx"),
                stranger(), prometheus(),
                Pods.other("a pod of another namespace calling itself Numaflow's",
                        Map.of("app.kubernetes.io/part-of", "numaflow"), Map.of("kubernetes.io/metadata.name", "other")));
        for (Pod pod : outsiders) {
            assertFalse(policies.allows(pod, jetstream, NATS_CLIENT), pod.name() + " must not reach the buffers");
        }
        assertTrue(policies.allows(prometheus(), jetstream, NATS_METRICS), "Prometheus scrapes JetStream's metrics");
    }

    @Test
    void withoutPoliciesEverythingIsReachable() {
        // The evaluator can say yes: the same pods, with the policies taken away, reach each other.
        Rendered r = Rendered.overlay("cpu");
        List<JsonNode> withoutPolicies = r.objects().stream()
                .filter(o -> !o.path("kind").asString().equals("NetworkPolicy")).toList();
        IngressPolicies none = new IngressPolicies(new Rendered("no policies", withoutPolicies));
        assertTrue(none.allows(stranger(), Pods.deployment(r, "veil-mediamtx"), RTSP));
        assertTrue(none.allows(stranger(), Pods.jetstream(r), NATS_CLIENT));
    }

    @ParameterizedTest(name = "overlay {0}")
    @MethodSource("overlays")
    void mediaMtxLetsOnlyTheSecretsUsersInAndRunsUnprivileged(String overlay) {
        Rendered r = Rendered.overlay(overlay);
        JsonNode config = Yaml.documents(r.ofKind("ConfigMap").stream()
                .filter(c -> c.path("metadata").path("name").asString().startsWith("veil-mediamtx"))
                .findFirst().orElseThrow().path("data").path("mediamtx.yml").asString()).get(0);
        assertTrue(config.path("authInternalUsers").isArray() && config.path("authInternalUsers").isEmpty(),
                "the file must replace MediaMTX's default users (anyone may read and publish) with none");
        for (String server : List.of("api", "metrics", "pprof", "playback", "rtmp", "hls", "webrtc", "srt")) {
            assertTrue(config.path(server).isBoolean() && !config.path(server).asBoolean(), server + " must be off");
        }

        JsonNode deployment = r.named("Deployment", "veil-mediamtx").orElseThrow();
        JsonNode container = deployment.path("spec").path("template").path("spec").path("containers").get(0);
        Map<Integer, Map<String, JsonNode>> users = new TreeMap<>();
        Pattern variable = Pattern.compile("MTX_AUTHINTERNALUSERS_(\\d+)_(.+)");
        for (JsonNode env : container.path("env").values()) {
            Matcher m = variable.matcher(env.path("name").asString());
            if (m.matches()) {
                users.computeIfAbsent(Integer.parseInt(m.group(1)), i -> new LinkedHashMap<>()).put(m.group(2), env);
            }
        }
        Set<String> secretUsers = new TreeSet<>();
        for (Map.Entry<Integer, Map<String, JsonNode>> user : users.entrySet()) {
            Map<String, JsonNode> fields = user.getValue();
            JsonNode name = fields.get("USER");
            String action = fields.get("PERMISSIONS_0_ACTION").path("value").asString();
            if (name.has("valueFrom")) {
                JsonNode ref = name.path("valueFrom").path("secretKeyRef");
                JsonNode pass = fields.get("PASS").path("valueFrom").path("secretKeyRef");
                assertFalse(ref.path("optional").asBoolean(true) || pass.path("optional").asBoolean(true),
                        "user " + user.getKey() + " must come from the Secret, required");
                secretUsers.add(action + ":" + ref.path("key").asString());
            } else {
                // The only user without a password: the loopback publisher of the demo path.
                assertEquals("any", name.path("value").asString());
                assertEquals("127.0.0.1/32,::1/128", fields.get("IPS").path("value").asString());
                assertEquals("publish", action, "a user without a password may never read");
                assertEquals("demo", fields.get("PERMISSIONS_0_PATH").path("value").asString());
            }
        }
        assertEquals(Set.of("read:mediamtx-read-user", "publish:mediamtx-publish-user"), secretUsers);

        JsonNode pod = deployment.path("spec").path("template").path("spec");
        assertTrue(pod.path("securityContext").path("runAsNonRoot").asBoolean(false));
        assertTrue(pod.path("securityContext").path("runAsUser").asLong(0) > 0);
        assertFalse(container.path("securityContext").path("allowPrivilegeEscalation").asBoolean(true));
        assertTrue(container.path("securityContext").path("readOnlyRootFilesystem").asBoolean(false));
    }

    @ParameterizedTest(name = "overlay {0}")
    @MethodSource("overlays")
    void jetStreamEncryptsInTransitAndAtRest(String overlay) {
        JsonNode jetstream = Rendered.overlay(overlay).ofKind("InterStepBufferService").get(0).path("spec").path("jetstream");
        assertTrue(jetstream.path("tls").asBoolean(false), "TLS must be on");
        assertTrue(jetstream.path("encryption").asBoolean(false), "encryption at rest must be on");
    }

    /** A missing Secret fails closed: no key is optional, and without the Secret no server of the pipeline starts. */
    @ParameterizedTest(name = "overlay {0}")
    @MethodSource("overlays")
    void everySecretKeyIsRequired(String overlay) {
        Rendered r = Rendered.overlay(overlay);
        List<String> optional = new ArrayList<>();
        Map<String, Set<String>> keysBy = new TreeMap<>();
        for (Rendered.Container c : r.containers()) {
            r.environment(c).values().forEach(v -> v.secret().ifPresent(k -> {
                if (k.optional()) {
                    optional.add(c.owner() + " " + v.name());
                }
            }));
            Set<String> missing = r.missingSecretKeys(c, Map.of());
            if (!missing.isEmpty()) {
                keysBy.put(c.owner(), missing);
            }
        }
        assertEquals(List.of(), optional, "optional Secret keys");
        assertEquals(Set.of("ingest-token", "view-token"), keysBy.get("Deployment/veil-display container display"));
        assertEquals(Set.of("ingest-token"), keysBy.get("vertex sink"));
        assertEquals(Set.of("mediamtx-read-pass", "mediamtx-read-user"), keysBy.get("vertex source"));
        assertEquals(Set.of("mediamtx-publish-pass", "mediamtx-publish-user", "mediamtx-read-pass", "mediamtx-read-user"),
                keysBy.get("Deployment/veil-mediamtx container mediamtx"));
    }

    /** The display gets both its secrets from the Secret, the sink the same ingest token, and no opt-out is set. */
    @ParameterizedTest(name = "overlay {0}")
    @MethodSource("overlays")
    void theDisplayIsGivenItsSecretsAndNothingThatOpensIt(String overlay) {
        Rendered r = Rendered.overlay(overlay);
        Rendered.Container display = container(r, Program.DISPLAY);
        Map<String, Rendered.Variable> env = r.environment(display);
        assertEquals("ingest-token", env.get(DisplayConfig.INGEST_TOKEN.name()).secret().orElseThrow().key());
        assertEquals("view-token", env.get("VEIL_VIEW_TOKEN").secret().orElseThrow().key());
        assertEquals("ingest-token", r.environment(container(r, Program.SINK)).get("VEIL_INGEST_TOKEN").secret()
                .orElseThrow().key());
        // Exactly these: an opt-out that opens the display (docs/display.md) would be one more variable.
        assertEquals(Set.of("VEIL_DISPLAY_BIND", "VEIL_DISPLAY_PORT", "VEIL_REORDER_FRAMES", "VEIL_REORDER_WAIT",
                "VEIL_VIEW_AUTH", "VEIL_LOG_LEVEL", "VEIL_INGEST_TOKEN", "VEIL_VIEW_TOKEN", "VEIL_DISPLAY_HOSTS"),
                r.veilVariables(display));
    }

    @Test
    void theSecretsKeysAreDocumentedMadeLongAndCreatedByTheScript() {
        Map<String, String> example = ConfigAcceptanceTest.SecretExample.values();
        String script = Repo.read(Repo.pipelines().resolve("tools/create-secrets.sh"));
        Set<String> read = new TreeSet<>();
        for (String overlay : Repo.overlays()) {
            Rendered r = Rendered.overlay(overlay);
            r.containers().forEach(c -> r.environment(c).values().forEach(v -> v.secret().ifPresent(k -> read.add(k.key()))));
        }
        for (String key : read) {
            assertTrue(example.containsKey(key), key + " is not in secret-example.yaml");
            assertTrue(script.contains("--from-literal=" + key + "="), key + " is not made by create-secrets.sh");
        }
        for (String secret : List.of("ingest-token", "view-token", "mediamtx-read-pass", "mediamtx-publish-pass")) {
            assertTrue(example.get(secret).length() >= 16, secret + " in the example is shorter than 16 characters");
            assertTrue(script.matches("(?s).*--from-literal=" + secret + "=\"\\$\\(random (1[6-9]|[2-9][0-9])\\)\".*"),
                    secret + " must be made of at least 16 random bytes");
        }
    }

    /**
     * The display, given the cluster's environment without its Secret (as it would be if the kubelet let it start),
     * refuses to start: it listens on every interface, so it needs its ingest token and its viewer secret.
     */
    @ParameterizedTest(name = "overlay {0}")
    @MethodSource("overlays")
    void theDisplayRefusesTheClusterEnvironmentWithoutItsSecrets(String overlay) {
        Rendered r = Rendered.overlay(overlay);
        Rendered.Container display = container(r, Program.DISPLAY);
        Map<String, String> withoutSecrets = r.resolve(display, Map.of());
        assertEquals("0.0.0.0", withoutSecrets.get(DisplayConfig.BIND.name()));
        assertThrows(ConfigException.class, () -> DisplayConfig.fromEnv(Env.of(withoutSecrets)));
        Map<String, String> withoutViewer = new LinkedHashMap<>(withoutSecrets);
        withoutViewer.put(DisplayConfig.INGEST_TOKEN.name(),
                ConfigAcceptanceTest.SecretExample.values().get("ingest-token"));
        withoutViewer.remove("VEIL_VIEW_AUTH");
        assertThrows(ConfigException.class, () -> DisplayConfig.fromEnv(Env.of(withoutViewer)));
        DisplayConfig.fromEnv(Env.of(r.resolve(display, ConfigAcceptanceTest.SecretExample.values())));
    }

    private static Rendered.Container container(Rendered r, Program program) {
        return r.containers().stream().filter(c -> c.program().orElse(null) == program).findFirst()
                .orElseThrow(() -> new AssertionError("no " + program + " container"));
    }

    /** Every pod of the overlay but the named vertex, and some that are not the overlay's. */
    private static List<Pod> othersThan(Rendered r, String vertex) {
        List<Pod> pods = new ArrayList<>();
        r.vertices().stream().map(v -> v.path("name").asString()).filter(n -> !n.equals(vertex))
                .forEach(n -> pods.add(Pods.vertex(r, n)));
        pods.add(Pods.daemon(r));
        pods.add(Pods.jetstream(r));
        pods.add(Pods.deployment(r, "veil-display"));
        pods.add(Pods.deployment(r, "veil-mediamtx"));
        pods.add(stranger());
        pods.add(Pods.other("the same vertex name in another namespace", Map.of(
                "numaflow.numaproj.io/pipeline-name", "veil", "numaflow.numaproj.io/vertex-name", vertex),
                Map.of("kubernetes.io/metadata.name", "other")));
        pods.add(prometheus());
        return pods;
    }

    private static Pod stranger() {
        return Pods.other("another pod of the namespace", Map.of("app", "debug"), Pods.OWN_NAMESPACE);
    }

    private static Pod prometheus() {
        return Pods.other("Prometheus", Map.of("app.kubernetes.io/name", "prometheus"), MONITORING);
    }
}
