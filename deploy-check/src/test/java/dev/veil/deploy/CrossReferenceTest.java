package dev.veil.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

/**
 * The names that tie the objects together point at things that exist: the buffer service, the vertices of every
 * edge, the DRA claim templates in dra/ (for both API versions), pod claims named by containers, ConfigMaps, Secret
 * keys, volumes and claims, the Services' pods and ports, and the URLs the vertices are given.
 */
class CrossReferenceTest {

    static List<String> overlays() {
        return Repo.overlays();
    }

    @ParameterizedTest(name = "overlay {0}")
    @MethodSource("overlays")
    void thePipelineUsesTheBufferServiceRenderedWithIt(String overlay) {
        Rendered r = Rendered.overlay(overlay);
        String isbsvc = r.pipeline().path("spec").path("interStepBufferServiceName").asString("default");
        assertTrue(r.named("InterStepBufferService", isbsvc).isPresent(), "no InterStepBufferService " + isbsvc);
    }

    @ParameterizedTest(name = "overlay {0}")
    @MethodSource("overlays")
    void edgesJoinTheVerticesIntoOneChainFromSourceToSink(String overlay) {
        Rendered r = Rendered.overlay(overlay);
        Set<String> names = new HashSet<>();
        r.vertices().forEach(v -> assertTrue(names.add(v.path("name").asString()), "vertex named twice: " + v.path("name")));
        Map<String, String> next = new LinkedHashMap<>();
        for (JsonNode edge : r.pipeline().path("spec").path("edges").values()) {
            String from = edge.path("from").asString();
            String to = edge.path("to").asString();
            assertTrue(names.contains(from), "edge from unknown vertex " + from);
            assertTrue(names.contains(to), "edge to unknown vertex " + to);
            assertEquals(null, next.put(from, to), from + " has two outgoing edges; frames would be copied");
        }
        List<String> sources = r.vertices().stream().filter(v -> v.has("source")).map(v -> v.path("name").asString()).toList();
        List<String> sinks = r.vertices().stream().filter(v -> v.has("sink")).map(v -> v.path("name").asString()).toList();
        assertEquals(1, sources.size(), "sources: " + sources);
        assertEquals(1, sinks.size(), "sinks: " + sinks);
        List<String> chain = new ArrayList<>(List.of(sources.get(0)));
        while (next.containsKey(chain.get(chain.size() - 1)) && chain.size() <= names.size()) {
            chain.add(next.get(chain.get(chain.size() - 1)));
        }
        assertEquals(List.of("source", "filter-resize", "inference", "sink"), chain);
        assertEquals(names.size(), chain.size(), "vertices off the chain");
    }

    @ParameterizedTest(name = "overlay {0}")
    @MethodSource("overlays")
    void claimsNameTemplatesInDraAndContainersNamePodClaims(String overlay) {
        Rendered r = Rendered.overlay(overlay);
        List<String> problems = new ArrayList<>();
        int claims = 0;
        for (JsonNode vertex : r.vertices()) {
            String vertexName = vertex.path("name").asString();
            Set<String> podClaims = new TreeSet<>();
            for (JsonNode claim : vertex.path("resourceClaims").values()) {
                claims++;
                podClaims.add(claim.path("name").asString());
                String template = claim.path("resourceClaimTemplateName").asString("");
                if (template.isEmpty()) {
                    problems.add(vertexName + " claim " + claim.path("name") + " names no template");
                    continue;
                }
                for (String version : Repo.draVersions()) {
                    Rendered dra = new Rendered("dra/" + version, Kustomize.dra(version));
                    if (dra.named("ResourceClaimTemplate", template).isEmpty()) {
                        problems.add(vertexName + " claims template " + template + ", which dra/" + version + " lacks");
                    }
                }
            }
            Set<String> used = new TreeSet<>();
            Rendered.vertexContainer(vertex).ifPresent(c -> c.path("resources").path("claims").values().forEach(cc -> {
                String name = cc.path("name").asString();
                used.add(name);
                if (!podClaims.contains(name)) {
                    problems.add(vertexName + "'s container uses claim " + name + ", which the vertex does not make");
                }
            }));
            podClaims.removeAll(used);
            podClaims.forEach(c -> problems.add(vertexName + " makes claim " + c + " that no container uses"));
        }
        assertEquals(List.of(), problems);
        if (overlay.equals("cpu")) {
            assertEquals(0, claims, "the cpu overlay must claim no device");
        } else {
            assertEquals(1, claims, "a GPU overlay claims one GPU");
            assertEquals(1, r.vertex("inference").path("resourceClaims").size(), "the claim belongs to the inference vertex");
        }
    }

    @ParameterizedTest(name = "overlay {0}")
    @MethodSource("overlays")
    void configMapsSecretsVolumesAndClaimsExist(String overlay) {
        Rendered r = Rendered.overlay(overlay);
        Set<String> secretKeys = ConfigAcceptanceTest.SecretExample.values().keySet();
        String secretName = Yaml.documents(Repo.pipelines().resolve("base/secret-example.yaml")).get(0)
                .path("metadata").path("name").asString();
        List<String> problems = new ArrayList<>();
        for (Rendered.Container c : r.containers()) {
            r.environment(c).values().forEach(v -> v.secret().ifPresent(k -> {
                if (!k.secret().equals(secretName) || !secretKeys.contains(k.key())) {
                    problems.add(c.owner() + " reads Secret " + k.secret() + " key " + k.key()
                            + ", which secret-example.yaml does not describe");
                }
            }));
            Set<String> volumes = new TreeSet<>();
            c.podVolumes().values().forEach(v -> volumes.add(v.path("name").asString()));
            c.spec().path("volumeMounts").values().forEach(m -> {
                if (!volumes.contains(m.path("name").asString())) {
                    problems.add(c.owner() + " mounts " + m.path("name") + ", which its pod does not have");
                }
            });
            for (JsonNode volume : c.podVolumes().values()) {
                if (volume.has("persistentVolumeClaim")) {
                    String claim = volume.path("persistentVolumeClaim").path("claimName").asString();
                    if (r.named("PersistentVolumeClaim", claim).isEmpty()) {
                        problems.add(c.owner() + " uses volume claim " + claim + ", which is not rendered");
                    }
                }
                if (volume.has("configMap")) {
                    String map = volume.path("configMap").path("name").asString();
                    if (r.named("ConfigMap", map).isEmpty()) {
                        problems.add(c.owner() + " mounts ConfigMap " + map + ", which is not rendered");
                    }
                }
            }
        }
        assertEquals(List.of(), problems);
    }

    @ParameterizedTest(name = "overlay {0}")
    @MethodSource("overlays")
    void servicesSelectTheirPodsAndPorts(String overlay) {
        Rendered r = Rendered.overlay(overlay);
        List<String> problems = new ArrayList<>();
        for (JsonNode service : r.ofKind("Service")) {
            String name = service.path("metadata").path("name").asString();
            List<JsonNode> pods = podsOf(r, service);
            if (pods.size() != 1) {
                problems.add("Service " + name + " selects " + pods.size() + " Deployments");
                continue;
            }
            Set<String> ports = new TreeSet<>();
            pods.get(0).path("containers").values().forEach(c -> c.path("ports").values().forEach(p -> {
                ports.add(p.path("name").asString());
                ports.add(p.path("containerPort").asString());
            }));
            service.path("spec").path("ports").values().forEach(p -> {
                if (!ports.contains(p.path("targetPort").asString())) {
                    problems.add("Service " + name + " targets port " + p.path("targetPort") + ", which no container opens");
                }
            });
        }
        assertEquals(List.of(), problems);
    }

    @ParameterizedTest(name = "overlay {0}")
    @MethodSource("overlays")
    void theSinkPostsToTheDisplayServiceAndTheSourceReadsTheDemoServer(String overlay) {
        Rendered r = Rendered.overlay(overlay);
        URI display = URI.create(valueIn(r, Program.SINK, "VEIL_DISPLAY_URL"));
        JsonNode displayPod = servicePod(r, display.getHost(), display.getPort());
        assertTrue(displayPod.path("containers").values().stream().anyMatch(
                c -> Program.ofImage(c.path("image").asString()).orElse(null) == Program.DISPLAY),
                "VEIL_DISPLAY_URL " + display + " does not lead to the display server");

        URI input = URI.create(valueIn(r, Program.SOURCE, "VEIL_INPUT"));
        servicePod(r, input.getHost(), input.getPort());
        String path = input.getPath().replaceFirst("^/", "");
        JsonNode mediamtx = Yaml.documents(Repo.pipelines().resolve("base/mediamtx.yml")).get(0);
        assertTrue(mediamtx.path("paths").has(path), "MediaMTX publishes no path " + path);
        assertTrue(mediamtx.path("paths").path(path).path("runOnInit").asString("").contains("$MTX_PATH"),
                "the demo path must be fed by its publisher");
    }

    private static String valueIn(Rendered r, Program program, String variable) {
        Rendered.Container container = r.containers().stream().filter(c -> c.program().orElse(null) == program)
                .findFirst().orElseThrow(() -> new AssertionError("no " + program + " container"));
        String value = r.resolve(container, ConfigAcceptanceTest.SecretExample.values()).get(variable);
        if (value == null) {
            throw new AssertionError(program + " has no value for " + variable);
        }
        return value;
    }

    /** The pod spec behind the Service {@code name} that listens on {@code port}. */
    private static JsonNode servicePod(Rendered r, String name, int port) {
        JsonNode service = r.named("Service", name).orElseThrow(() -> new AssertionError("no Service " + name));
        assertTrue(service.path("spec").path("ports").values().stream().anyMatch(p -> p.path("port").asInt() == port),
                "Service " + name + " does not listen on " + port);
        List<JsonNode> pods = podsOf(r, service);
        assertEquals(1, pods.size(), "Service " + name + " selects " + pods.size() + " Deployments");
        return pods.get(0);
    }

    private static List<JsonNode> podsOf(Rendered r, JsonNode service) {
        JsonNode selector = service.path("spec").path("selector");
        List<JsonNode> pods = new ArrayList<>();
        for (JsonNode deployment : r.ofKind("Deployment")) {
            JsonNode labels = deployment.path("spec").path("template").path("metadata").path("labels");
            boolean matches = selector.size() > 0 && selector.properties().stream()
                    .allMatch(e -> labels.path(e.getKey()).asString("").equals(e.getValue().asString()));
            if (matches) {
                pods.add(deployment.path("spec").path("template").path("spec"));
            }
        }
        return pods;
    }
}
