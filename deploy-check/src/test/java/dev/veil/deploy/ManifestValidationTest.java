package dev.veil.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

/**
 * Every YAML file under pipelines/ and dra/, and everything each kustomization renders to, is a valid object of
 * its kind: Numaflow's resources against Numaflow's schema made strict, the Prometheus Operator's monitors against
 * their CRDs' OpenAPI schemas made strict, Kubernetes' own kinds through fabric8's typed models read strictly (an
 * unknown field, a value of the wrong type or one that does not survive the round trip fails). A misspelled or
 * misplaced field anywhere fails here instead of being ignored by the cluster.
 */
class ManifestValidationTest {

    private static final String KUSTOMIZE_GROUP = "kustomize.config.k8s.io/";
    private static final String NUMAFLOW_GROUP = "numaflow.numaproj.io/";

    /** What a user renders: the overlays, the DRA folders, the model loader. */
    static Stream<Path> kustomizations() {
        List<Path> dirs = new ArrayList<>();
        Repo.overlays().forEach(o -> dirs.add(Repo.overlay(o)));
        Repo.draVersions().forEach(v -> dirs.add(Repo.dra().resolve(v)));
        dirs.add(Repo.pipelines().resolve("tools/model-loader"));
        return dirs.stream();
    }

    @Test
    void everyYamlFileParsesIntoAtLeastOneDocument() {
        List<Path> files = Repo.yamlFiles();
        assertTrue(files.size() >= 15, "expected the pipelines/ and dra/ files, found " + files);
        for (Path file : files) {
            assertFalse(Yaml.documents(file).isEmpty(), Repo.relative(file) + " holds no YAML document");
        }
    }

    @Test
    void everyKubernetesObjectInTheFilesReadsStrictlyAsItsTypedModel() {
        List<String> problems = new ArrayList<>();
        int checked = 0;
        for (Path file : Repo.yamlFiles()) {
            for (JsonNode doc : Yaml.documents(file)) {
                if (!Yaml.isObject(doc) || isKustomize(doc) || isNumaflow(doc)) {
                    continue;
                }
                checked++;
                kubernetesViolations(doc).forEach(p -> problems.add(Repo.relative(file) + " " + Yaml.describe(doc) + ": " + p));
            }
        }
        assertTrue(checked >= 10, "expected the Deployments, Services, claims... found " + checked + " objects");
        assertEquals(List.of(), problems);
    }

    @Test
    void everyNumaflowObjectInTheFilesConformsToTheStrictSchema() {
        NumaflowSchema schema = NumaflowSchema.strict();
        List<String> problems = new ArrayList<>();
        Set<String> kinds = new HashSet<>();
        for (Path file : Repo.yamlFiles()) {
            for (JsonNode doc : Yaml.documents(file)) {
                if (isNumaflow(doc)) {
                    kinds.add(doc.path("kind").asString());
                    schema.violations(doc).forEach(p -> problems.add(Repo.relative(file) + " " + Yaml.describe(doc) + " " + p));
                }
            }
        }
        assertEquals(Set.of("Pipeline", "InterStepBufferService"), kinds);
        assertEquals(List.of(), problems);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kustomizations")
    void everyRenderedObjectIsValid(Path dir) {
        List<JsonNode> objects = Kustomize.render(dir);
        assertFalse(objects.isEmpty(), dir + " renders to nothing");
        List<String> problems = new ArrayList<>();
        for (JsonNode object : objects) {
            if (isNumaflow(object)) {
                NumaflowSchema.strict().violations(object).forEach(p -> problems.add(Yaml.describe(object) + " " + p));
            } else {
                kubernetesViolations(object).forEach(p -> problems.add(Yaml.describe(object) + ": " + p));
            }
        }
        assertEquals(List.of(), problems);
    }

    /** The components a user adds to an overlay render valid objects too (all of them at once, on each overlay). */
    @ParameterizedTest(name = "overlay {0} with every component")
    @MethodSource("overlays")
    void everyOverlayWithTheOptionalComponentsRendersValidObjects(String overlay) {
        List<JsonNode> objects = Variants.render(overlay, "yolo-model", "own-camera");
        List<String> problems = new ArrayList<>();
        for (JsonNode object : objects) {
            (isNumaflow(object) ? NumaflowSchema.strict().violations(object) : kubernetesViolations(object))
                    .forEach(p -> problems.add(Yaml.describe(object) + ": " + p));
        }
        assertEquals(List.of(), problems);
    }

    static List<String> overlays() {
        return Repo.overlays();
    }

    @Test
    void aMisspelledFieldInAMonitorIsCaughtByItsCrdSchema() {
        Path monitor = Repo.pipelines().resolve("components/monitoring/servicemonitor.yaml");
        JsonNode good = Yaml.documents(monitor).get(0);
        assertEquals(List.of(), CrdSchema.violations(good));
        JsonNode misspelled = Yaml.documents(Repo.read(monitor).replace("      authorization:", "      authorisation:")).get(0);
        assertTrue(CrdSchema.violations(misspelled).stream().anyMatch(v -> v.contains("authorisation")),
                CrdSchema.violations(misspelled).toString());
        JsonNode wrongValue = Yaml.documents(Repo.read(monitor).replace("type: Bearer", "type: [Bearer]")).get(0);
        assertFalse(CrdSchema.violations(wrongValue).isEmpty(), "a list where a string belongs must not pass");
    }

    @Test
    void aMisspelledFieldInANetworkPolicyIsCaughtByTheTypedModels() {
        Path policies = Repo.pipelines().resolve("base/networkpolicies.yaml");
        JsonNode misspelled = Yaml.documents(Repo.read(policies).replaceFirst("podSelector:", "podSelektor:")).get(0);
        assertTrue(TypedModels.violations(misspelled).stream().anyMatch(p -> p.contains("podSelektor")),
                TypedModels.violations(misspelled).toString());
    }

    /** Kubernetes' own kinds through the typed models; the Prometheus Operator's through their CRDs' schemas. */
    static List<String> kubernetesViolations(JsonNode object) {
        return CrdSchema.covers(object) ? CrdSchema.violations(object) : TypedModels.violations(object);
    }

    @Test
    void everyPathAKustomizationNamesExists() {
        List<String> missing = new ArrayList<>();
        int kustomizations = 0;
        for (Path file : Repo.yamlFiles()) {
            for (JsonNode doc : Yaml.documents(file)) {
                if (isKustomize(doc)) {
                    kustomizations++;
                    for (String name : referencedPaths(doc)) {
                        if (!Files.exists(file.getParent().resolve(name))) {
                            missing.add(Repo.relative(file) + " names " + name);
                        }
                    }
                }
            }
        }
        assertTrue(kustomizations >= 8, "found only " + kustomizations + " kustomizations");
        assertEquals(List.of(), missing);
    }

    /**
     * A file that is not a Kubernetes object (MediaMTX's configuration, kustomize's field specs) must at least be
     * used by a kustomization; an object file must be part of one, or be an example that says so in its name.
     */
    @Test
    void everyFileIsUsedByAKustomizationOrIsAnExample() {
        Set<Path> used = new HashSet<>();
        for (Path file : Repo.yamlFiles()) {
            for (JsonNode doc : Yaml.documents(file)) {
                if (isKustomize(doc)) {
                    used.add(file.normalize());
                    referencedPaths(doc).forEach(name -> used.add(file.getParent().resolve(name).normalize()));
                }
            }
        }
        List<String> unused = new ArrayList<>();
        for (Path file : Repo.yamlFiles()) {
            if (!used.contains(file.normalize()) && !file.getFileName().toString().endsWith("-example.yaml")) {
                unused.add(Repo.relative(file));
            }
        }
        assertEquals(List.of(), unused, "files no kustomization uses: kubectl apply -k would never see them");
    }

    @Test
    void aMisspelledFieldInADeploymentIsCaughtByTheTypedModels() {
        Path display = Repo.pipelines().resolve("base/display.yaml");
        String misspelled = Repo.read(display).replace("readinessProbe:", "readynessProbe:");
        JsonNode deployment = Yaml.documents(misspelled).get(0);
        List<String> problems = TypedModels.violations(deployment);
        if (problems.stream().noneMatch(p -> p.contains("readynessProbe"))) {
            fail("the misspelled field was not reported: " + problems);
        }
    }

    @Test
    void aValueOfTheWrongTypeIsCaughtByTheTypedModels() {
        Path display = Repo.pipelines().resolve("base/display.yaml");
        String wrongType = Repo.read(display).replace("containerPort: 8080", "containerPort: \"8080\"");
        List<String> problems = TypedModels.violations(Yaml.documents(wrongType).get(0));
        assertFalse(problems.isEmpty(), "a port given as a string must not pass");
    }

    static boolean isKustomize(JsonNode doc) {
        return doc.path("apiVersion").asString("").startsWith(KUSTOMIZE_GROUP);
    }

    static boolean isNumaflow(JsonNode doc) {
        return doc.path("apiVersion").asString("").startsWith(NUMAFLOW_GROUP);
    }

    /** Files and folders a kustomization refers to: resources, components, field specs, generator inputs, patches. */
    static List<String> referencedPaths(JsonNode kustomization) {
        List<String> names = new ArrayList<>();
        for (String list : List.of("resources", "components", "configurations")) {
            kustomization.path(list).values().forEach(n -> names.add(n.asString()));
        }
        for (String generator : List.of("configMapGenerator", "secretGenerator")) {
            for (JsonNode g : kustomization.path(generator).values()) {
                g.path("envs").values().forEach(n -> names.add(n.asString()));
                g.path("files").values().forEach(n -> {
                    String spec = n.asString();
                    names.add(spec.contains("=") ? spec.substring(spec.indexOf('=') + 1) : spec);
                });
            }
        }
        kustomization.path("patches").values().forEach(p -> {
            if (p.has("path")) {
                names.add(p.path("path").asString());
            }
        });
        return names;
    }
}
