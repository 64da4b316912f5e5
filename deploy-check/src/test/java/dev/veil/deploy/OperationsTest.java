package dev.veil.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.veil.deploy.Pods.Pod;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

/**
 * What an operator needs from the overlays: monitors that find the vertices', JetStream's and the display's metrics,
 * a dashboard built on metrics that exist, a disruption budget that keeps JetStream's quorum, no service-account
 * tokens, ephemeral storage asked for, a pinned JetStream, ConfigMaps that roll the pods that read them, and models
 * that strand nothing.
 */
class OperationsTest {

    private static final Pattern VEIL_METRIC = Pattern.compile("\\b(veil_display_[a-z_]+)");
    private static final Pattern EXPORTED = Pattern.compile("\"(veil_display_[a-z_]+)\"");

    static List<String> overlays() {
        return Repo.overlays();
    }

    @ParameterizedTest(name = "overlay {0}")
    @MethodSource("overlays")
    void theMonitorsFindEveryVertexJetStreamAndTheDisplay(String overlay) {
        Rendered r = Rendered.overlay(overlay);
        JsonNode vertices = r.named("PodMonitor", "veil-vertices").orElseThrow();
        for (JsonNode vertex : r.vertices()) {
            Pod pod = Pods.vertex(r, vertex.path("name").asString());
            assertTrue(Pods.selects(vertices.path("spec").path("selector"), pod.labels()), "misses " + pod.name());
        }
        JsonNode endpoint = vertices.path("spec").path("podMetricsEndpoints").get(0);
        assertEquals("metrics", endpoint.path("port").asString(), "Numaflow names its port 2469 'metrics'");
        assertEquals("https", endpoint.path("scheme").asString(), "Numaflow serves its metrics over HTTPS");
        assertFalse(Pods.selects(vertices.path("spec").path("selector"), Pods.jetstream(r).labels()));

        JsonNode jetstream = r.named("PodMonitor", "veil-jetstream").orElseThrow();
        assertTrue(Pods.selects(jetstream.path("spec").path("selector"), Pods.jetstream(r).labels()));

        JsonNode display = r.named("ServiceMonitor", "veil-display").orElseThrow();
        JsonNode service = r.named("Service", "veil-display").orElseThrow();
        Set<String> labels = new TreeSet<>();
        java.util.Map<String, String> serviceLabels = new java.util.HashMap<>();
        service.path("metadata").path("labels").properties().forEach(e -> serviceLabels.put(e.getKey(), e.getValue().asString()));
        assertTrue(Pods.selects(display.path("spec").path("selector"), serviceLabels), "the ServiceMonitor misses the Service");
        service.path("spec").path("ports").values().forEach(p -> labels.add(p.path("name").asString()));
        JsonNode scrape = display.path("spec").path("endpoints").get(0);
        assertTrue(labels.contains(scrape.path("port").asString()), "no Service port " + scrape.path("port"));
        assertEquals("/metrics", scrape.path("path").asString());
        // /metrics is behind the viewer's token: Prometheus sends the very key the display reads.
        assertEquals("Bearer", scrape.path("authorization").path("type").asString());
        assertEquals("veil-secrets", scrape.path("authorization").path("credentials").path("name").asString());
        Rendered.Container displayContainer = r.containers().stream()
                .filter(c -> c.program().orElse(null) == Program.DISPLAY).findFirst().orElseThrow();
        assertEquals(r.environment(displayContainer).get("VEIL_VIEW_TOKEN").secret().orElseThrow().key(),
                scrape.path("authorization").path("credentials").path("key").asString());
    }

    @Test
    void theDashboardShowsWhatTheIssueAsksForFromMetricsThatExist() {
        String dashboard = Repo.read(Repo.pipelines().resolve("components/monitoring/veil-dashboard.json"));
        JsonNode json = Yaml.JSON.readTree(dashboard);
        List<String> queries = new ArrayList<>();
        json.path("panels").values().forEach(p -> p.path("targets").values().forEach(t -> queries.add(t.path("expr").asString())));
        String all = String.join("\n", queries);

        Set<String> exported = new TreeSet<>();
        String source = Repo.read(Repo.root().resolve("display/src/main/java/dev/veil/display/PrometheusMetrics.java"));
        Matcher e = EXPORTED.matcher(source);
        while (e.find()) {
            exported.add(e.group(1));
        }
        assertTrue(exported.size() >= 10, "the scan of PrometheusMetrics found only " + exported);
        Set<String> unknown = new TreeSet<>();
        Matcher m = VEIL_METRIC.matcher(all);
        while (m.find()) {
            String name = m.group(1);
            // Prometheus' text format adds _total to a counter's name.
            if (!exported.contains(name) && !exported.contains(name.replaceFirst("_total$", ""))) {
                unknown.add(name);
            }
        }
        assertEquals(Set.of(), unknown, "the dashboard queries metrics the display does not export");
        for (String needed : List.of("veil_display_frames_shown_total", "veil_display_stage_latency_seconds",
                "veil_display_faces_total", "veil_display_frames_not_ok_total", "DCGM_FI_DEV_GPU_UTIL",
                "forwarder_data_read_total")) {
            assertTrue(all.contains(needed), "the dashboard shows no " + needed);
        }
    }

    @ParameterizedTest(name = "overlay {0}")
    @MethodSource("overlays")
    void theDisruptionBudgetKeepsJetStreamsQuorum(String overlay) {
        Rendered r = Rendered.overlay(overlay);
        JsonNode pdb = r.named("PodDisruptionBudget", "veil-jetstream").orElseThrow();
        assertTrue(Pods.selects(pdb.path("spec").path("selector"), Pods.jetstream(r).labels()));
        int replicas = r.ofKind("InterStepBufferService").get(0).path("spec").path("jetstream").path("replicas").asInt(3);
        int down = pdb.path("spec").path("maxUnavailable").asInt();
        int quorum = replicas / 2 + 1;
        assertTrue(replicas == 1 || replicas - down >= quorum, "a drain could take " + down + " of " + replicas);
    }

    @ParameterizedTest(name = "overlay {0}")
    @MethodSource("overlays")
    void noPodGetsAServiceAccountToken(String overlay) {
        Rendered r = Rendered.overlay(overlay);
        List<String> problems = new ArrayList<>();
        r.ofKind("Deployment").forEach(d -> check(d.path("spec").path("template").path("spec"), Yaml.describe(d), problems));
        r.vertices().forEach(v -> check(v, "vertex " + v.path("name").asString(), problems));
        check(r.ofKind("InterStepBufferService").get(0).path("spec").path("jetstream"), "JetStream", problems);
        Kustomize.render(Repo.pipelines().resolve("tools/model-loader")).stream()
                .filter(o -> o.path("kind").asString().equals("Pod")).forEach(p -> check(p.path("spec"), "model loader", problems));
        assertEquals(List.of(), problems);
    }

    private static void check(JsonNode podSpec, String owner, List<String> problems) {
        if (podSpec.path("automountServiceAccountToken").asBoolean(true)) {
            problems.add(owner + " mounts a service-account token it never uses");
        }
    }

    @ParameterizedTest(name = "overlay {0}")
    @MethodSource("overlays")
    void everyContainerWithAScratchVolumeAsksForTheDiskItUses(String overlay) {
        Rendered r = Rendered.overlay(overlay);
        List<String> problems = new ArrayList<>();
        int checked = 0;
        for (Rendered.Container c : r.containers()) {
            Set<String> emptyDirs = new TreeSet<>();
            c.podVolumes().values().forEach(v -> {
                if (v.has("emptyDir")) {
                    emptyDirs.add(v.path("name").asString());
                }
            });
            boolean scratch = c.spec().path("volumeMounts").values().stream()
                    .anyMatch(m -> emptyDirs.contains(m.path("name").asString()));
            if (!scratch) {
                continue;
            }
            checked++;
            JsonNode resources = c.spec().path("resources");
            long requested = Quantities.bytes(resources.path("requests").path("ephemeral-storage").asString("0"));
            long limit = Quantities.bytes(resources.path("limits").path("ephemeral-storage").asString("0"));
            if (requested <= 0 || limit < requested) {
                problems.add(c.owner() + ": ephemeral-storage requests " + requested + ", limits " + limit);
            }
        }
        assertTrue(checked >= 5, "expected the four vertices and the display, found " + checked);
        assertEquals(List.of(), problems);
    }

    @ParameterizedTest(name = "overlay {0}")
    @MethodSource("overlays")
    void jetStreamsVersionIsPinned(String overlay) {
        String version = Rendered.overlay(overlay).ofKind("InterStepBufferService").get(0)
                .path("spec").path("jetstream").path("version").asString("");
        assertTrue(version.matches("\\d+\\.\\d+\\.\\d+"), "JetStream version '" + version + "' is not a release");
    }

    /** Generated ConfigMaps carry a hash of their content, and what reads them refers to that name. */
    @ParameterizedTest(name = "overlay {0}")
    @MethodSource("overlays")
    void aChangedConfigMapRollsThePodsThatReadIt(String overlay) {
        Rendered r = Rendered.overlay(overlay);
        Set<String> names = new TreeSet<>();
        r.ofKind("ConfigMap").forEach(c -> names.add(c.path("metadata").path("name").asString()));
        for (String name : names) {
            assertTrue(name.matches("veil-[a-z-]+-[a-z0-9]{10}"), name + " has no content hash");
        }
        Set<String> referenced = new TreeSet<>();
        for (Rendered.Container c : r.containers()) {
            c.spec().path("envFrom").values().forEach(f -> referenced.add(f.path("configMapRef").path("name").asString()));
            c.podVolumes().values().forEach(v -> {
                if (v.has("configMap")) {
                    referenced.add(v.path("configMap").path("name").asString());
                }
            });
        }
        assertTrue(referenced.size() >= 6, "expected the five programs' and MediaMTX's ConfigMaps, got " + referenced);
        assertTrue(names.containsAll(referenced), "references to ConfigMaps that are not rendered: " + referenced);
    }

    /**
     * The builtin models need no volume; the YOLO component gives one to the inference vertex alone. On a GPU the
     * inference vertex also keeps TensorRT's engines on a volume of its own, read-write.
     */
    @ParameterizedTest(name = "overlay {0}")
    @MethodSource("overlays")
    void onlyTheYoloVariantMountsAModelVolume(String overlay) {
        List<String> engines = Repo.gpuOverlays().contains(overlay)
                ? List.of("vertex inference mounts veil-engines at /var/cache/veil-engines") : List.of();
        assertEquals(engines, claimsMounted(Rendered.overlay(overlay)), "the builtin models need no volume");
        Rendered yolo = new Rendered("overlay " + overlay + " + yolo-model", Variants.render(overlay, "yolo-model"));
        List<String> expected = new ArrayList<>(engines);
        expected.add("vertex inference mounts veil-models at /models read-only");
        assertEquals(expected, claimsMounted(yolo));
        assertTrue(yolo.named("PersistentVolumeClaim", "veil-models").isPresent());
    }

    private static List<String> claimsMounted(Rendered r) {
        List<String> mounts = new ArrayList<>();
        for (Rendered.Container c : r.containers()) {
            if (c.owner().startsWith("Deployment/veil-mediamtx")) {
                continue; // the demo video
            }
            for (JsonNode volume : c.podVolumes().values()) {
                if (!volume.has("persistentVolumeClaim")) {
                    continue;
                }
                c.spec().path("volumeMounts").values().stream()
                        .filter(m -> m.path("name").asString().equals(volume.path("name").asString()))
                        .forEach(m -> mounts.add(c.owner() + " mounts " + volume.path("persistentVolumeClaim").path("claimName").asString()
                                + " at " + m.path("mountPath").asString() + (m.path("readOnly").asBoolean(false) ? " read-only" : "")));
            }
        }
        return mounts;
    }

    @Test
    void theModelLoaderGoesWhereTheInferenceVertexGoes() {
        JsonNode loader = Kustomize.render(Repo.pipelines().resolve("tools/model-loader")).stream()
                .filter(o -> o.path("kind").asString().equals("Pod")).findFirst().orElseThrow();
        JsonNode inference = Rendered.overlay("t4").vertex("inference");
        assertEquals(inference.path("tolerations"), loader.path("spec").path("tolerations"),
                "the loader must tolerate what the inference vertex tolerates, or the volume lands elsewhere");
        assertTrue(loader.path("spec").path("tolerations").size() > 0);
    }
}
