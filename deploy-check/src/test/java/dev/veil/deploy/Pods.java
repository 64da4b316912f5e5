package dev.veil.deploy;

import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * The labels of the pods an overlay leads to, including those Numaflow's controller creates (their labels as
 * Numaflow v1.8.3 sets them: pkg/reconciler/vertex/controller.go, pkg/reconciler/isbsvc/installer/installer.go,
 * pkg/reconciler/pipeline/controller.go), so that selectors (NetworkPolicies, monitors, the PDB) can be evaluated
 * against them offline.
 */
final class Pods {

    /** A pod: its labels and those of its namespace. */
    record Pod(String name, Map<String, String> labels, Map<String, String> namespaceLabels) {
    }

    static final Map<String, String> OWN_NAMESPACE = Map.of("kubernetes.io/metadata.name", "veil");

    private Pods() {
    }

    static Pod vertex(Rendered r, String vertexName) {
        JsonNode vertex = r.vertex(vertexName);
        Map<String, String> labels = new LinkedHashMap<>();
        vertex.path("metadata").path("labels").properties().forEach(e -> labels.put(e.getKey(), e.getValue().asString()));
        labels.put("app.kubernetes.io/part-of", "numaflow");
        labels.put("app.kubernetes.io/managed-by", "vertex-controller");
        labels.put("app.kubernetes.io/component", "vertex");
        String pipeline = r.pipeline().path("metadata").path("name").asString();
        labels.put("app.kubernetes.io/name", pipeline + "-" + vertexName);
        labels.put("numaflow.numaproj.io/pipeline-name", pipeline);
        labels.put("numaflow.numaproj.io/vertex-name", vertexName);
        return new Pod("vertex " + vertexName, labels, OWN_NAMESPACE);
    }

    static Pod daemon(Rendered r) {
        return new Pod("pipeline daemon", Map.of("app.kubernetes.io/part-of", "numaflow",
                "app.kubernetes.io/managed-by", "pipeline-controller", "app.kubernetes.io/component", "daemon",
                "numaflow.numaproj.io/pipeline-name", r.pipeline().path("metadata").path("name").asString()), OWN_NAMESPACE);
    }

    static Pod jetstream(Rendered r) {
        String name = r.ofKind("InterStepBufferService").get(0).path("metadata").path("name").asString();
        return new Pod("JetStream server", Map.of("app.kubernetes.io/part-of", "numaflow",
                "app.kubernetes.io/managed-by", "isbsvc-controller", "app.kubernetes.io/component", "isbsvc",
                "numaflow.numaproj.io/isbsvc-name", name), OWN_NAMESPACE);
    }

    static Pod deployment(Rendered r, String name) {
        JsonNode deployment = r.named("Deployment", name).orElseThrow(() -> new AssertionError("no Deployment " + name));
        Map<String, String> labels = new LinkedHashMap<>();
        deployment.path("spec").path("template").path("metadata").path("labels").properties()
                .forEach(e -> labels.put(e.getKey(), e.getValue().asString()));
        return new Pod(name, labels, OWN_NAMESPACE);
    }

    static Pod other(String name, Map<String, String> labels, Map<String, String> namespaceLabels) {
        return new Pod(name, labels, namespaceLabels);
    }

    /** Whether a label selector (matchLabels, matchExpressions) selects these labels; an empty selector selects all. */
    static boolean selects(JsonNode selector, Map<String, String> labels) {
        for (Map.Entry<String, JsonNode> e : selector.path("matchLabels").properties()) {
            if (!e.getValue().asString().equals(labels.get(e.getKey()))) {
                return false;
            }
        }
        for (JsonNode expression : selector.path("matchExpressions").values()) {
            String key = expression.path("key").asString();
            java.util.Set<String> values = new java.util.HashSet<>();
            expression.path("values").values().forEach(v -> values.add(v.asString()));
            boolean has = labels.containsKey(key);
            boolean ok = switch (expression.path("operator").asString()) {
                case "In" -> has && values.contains(labels.get(key));
                case "NotIn" -> !has || !values.contains(labels.get(key));
                case "Exists" -> has;
                case "DoesNotExist" -> !has;
                default -> throw new AssertionError("unknown selector operator in " + expression);
            };
            if (!ok) {
                return false;
            }
        }
        return true;
    }
}
