package dev.veil.deploy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import tools.jackson.databind.JsonNode;

/** What one kustomization renders to, with the lookups the cross-reference tests need. */
final class Rendered {

    /** A container wherever it sits: in a Deployment's or Pod's spec, or in a Numaflow vertex. */
    record Container(String owner, JsonNode spec, JsonNode podVolumes) {
        String image() {
            return spec.path("image").asString("");
        }

        Optional<Program> program() {
            return Program.ofImage(image());
        }
    }

    /**
     * A variable a container is given: its value when the files say it, or the Secret key it comes from; when an
     * optional Secret key overrides a ConfigMap's value, that value is what the program gets without the Secret.
     */
    record Variable(String name, Optional<String> value, String from, Optional<SecretKey> secret,
                    Optional<String> withoutSecret) {

        static Variable literal(String name, String value, String from) {
            return new Variable(name, Optional.of(value), from, Optional.empty(), Optional.of(value));
        }
    }

    record SecretKey(String secret, String key, boolean optional) {
    }

    private final String name;
    private final List<JsonNode> objects;

    Rendered(String name, List<JsonNode> objects) {
        this.name = name;
        this.objects = objects;
    }

    static Rendered overlay(String overlay) {
        return new Rendered("overlay " + overlay, Kustomize.overlay(overlay));
    }

    String name() {
        return name;
    }

    List<JsonNode> objects() {
        return objects;
    }

    List<JsonNode> ofKind(String kind) {
        return objects.stream().filter(o -> o.path("kind").asString("").equals(kind)).toList();
    }

    Optional<JsonNode> named(String kind, String objectName) {
        return ofKind(kind).stream().filter(o -> o.path("metadata").path("name").asString("").equals(objectName)).findFirst();
    }

    JsonNode pipeline() {
        List<JsonNode> pipelines = ofKind("Pipeline");
        if (pipelines.size() != 1) {
            throw new AssertionError(name + " renders " + pipelines.size() + " pipelines, not one");
        }
        return pipelines.get(0);
    }

    List<JsonNode> vertices() {
        return List.copyOf(pipeline().path("spec").path("vertices").values());
    }

    JsonNode vertex(String vertexName) {
        return vertices().stream().filter(v -> v.path("name").asString("").equals(vertexName)).findFirst()
                .orElseThrow(() -> new AssertionError(name + " has no vertex " + vertexName));
    }

    /** The container of a vertex: its user-defined source, function or sink. */
    static Optional<JsonNode> vertexContainer(JsonNode vertex) {
        for (String path : List.of("/source/udsource/container", "/udf/container", "/sink/udsink/container")) {
            JsonNode container = vertex.at(path);
            if (!container.isMissingNode()) {
                return Optional.of(container);
            }
        }
        return Optional.empty();
    }

    List<Container> containers() {
        List<Container> containers = new ArrayList<>();
        for (JsonNode object : objects) {
            String kind = object.path("kind").asString("");
            String owner = kind + "/" + object.path("metadata").path("name").asString("");
            JsonNode pod = switch (kind) {
                case "Deployment" -> object.path("spec").path("template").path("spec");
                case "Pod" -> object.path("spec");
                default -> null;
            };
            if (pod != null) {
                for (String list : List.of("containers", "initContainers")) {
                    pod.path(list).values().forEach(c -> containers.add(
                            new Container(owner + " container " + c.path("name").asString(), c, pod.path("volumes"))));
                }
            }
        }
        if (!ofKind("Pipeline").isEmpty()) {
            for (JsonNode vertex : vertices()) {
                vertexContainer(vertex).ifPresent(c -> containers.add(
                        new Container("vertex " + vertex.path("name").asString(), c, vertex.path("volumes"))));
            }
        }
        return containers;
    }

    /** Every variable a container gets: from ConfigMaps through envFrom, then its own env entries. */
    Map<String, Variable> environment(Container container) {
        Map<String, Variable> variables = new LinkedHashMap<>();
        for (JsonNode from : container.spec().path("envFrom").values()) {
            if (from.has("configMapRef")) {
                String map = from.path("configMapRef").path("name").asString();
                JsonNode configMap = named("ConfigMap", map).orElseThrow(() ->
                        new AssertionError(container.owner() + " reads ConfigMap " + map + ", which " + name + " lacks"));
                configMap.path("data").properties().forEach(e -> variables.put(e.getKey(),
                        Variable.literal(e.getKey(), e.getValue().asString(), "ConfigMap " + map)));
            } else {
                throw new AssertionError(container.owner() + ": envFrom " + from + " is not a ConfigMap; secrets are"
                        + " referenced key by key, so that every variable is named in the files");
            }
        }
        for (JsonNode env : container.spec().path("env").values()) {
            String variable = env.path("name").asString();
            if (env.has("value")) {
                variables.put(variable, Variable.literal(variable, env.path("value").asString(), "env"));
            } else if (env.path("valueFrom").has("secretKeyRef")) {
                JsonNode ref = env.path("valueFrom").path("secretKeyRef");
                SecretKey key = new SecretKey(ref.path("name").asString(), ref.path("key").asString(),
                        ref.path("optional").asBoolean(false));
                Optional<String> before = Optional.ofNullable(variables.get(variable)).flatMap(Variable::withoutSecret);
                variables.put(variable, new Variable(variable, Optional.empty(), "Secret " + key.secret() + " key "
                        + key.key(), Optional.of(key), key.optional() ? before : Optional.empty()));
            } else {
                throw new AssertionError(container.owner() + ": " + variable + " comes from neither a value nor a"
                        + " Secret key: " + env);
            }
        }
        return variables;
    }

    /**
     * The environment the kubelet would give the container when the Secrets hold {@code secretValues} (by key):
     * ConfigMap values first, then each env entry in order, a literal value with its {@code $(NAME)} references to
     * variables defined before it expanded (an undefined one stays as written, as the kubelet leaves it), a Secret key
     * that is absent and optional left out. A required key that is absent means the pod would not start:
     * {@link #missingSecretKeys} says which.
     */
    Map<String, String> resolve(Container container, Map<String, String> secretValues) {
        Map<String, String> resolved = new LinkedHashMap<>();
        for (Variable v : environment(container).values()) {
            if (v.secret().isPresent()) {
                String value = secretValues.get(v.secret().get().key());
                if (value != null) {
                    resolved.put(v.name(), value);
                } else {
                    v.withoutSecret().ifPresent(before -> resolved.put(v.name(), before));
                }
            } else {
                resolved.put(v.name(), expand(v.value().orElseThrow(), resolved));
            }
        }
        return resolved;
    }

    /** Required Secret keys the container reads that {@code secretValues} lacks: the pod would not start without them. */
    Set<String> missingSecretKeys(Container container, Map<String, String> secretValues) {
        Set<String> missing = new TreeSet<>();
        environment(container).values().forEach(v -> v.secret().ifPresent(k -> {
            if (!k.optional() && !secretValues.containsKey(k.key())) {
                missing.add(k.key());
            }
        }));
        return missing;
    }

    private static final java.util.regex.Pattern REFERENCE = java.util.regex.Pattern.compile("\\$\\(([A-Za-z_][A-Za-z0-9_]*)\\)");

    static String expand(String value, Map<String, String> defined) {
        java.util.regex.Matcher m = REFERENCE.matcher(value);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String replacement = defined.getOrDefault(m.group(1), m.group());
            m.appendReplacement(out, java.util.regex.Matcher.quoteReplacement(replacement));
        }
        m.appendTail(out);
        return out.toString();
    }

    /** Names of the VEIL_* variables a container is given. */
    Set<String> veilVariables(Container container) {
        Set<String> names = new TreeSet<>(environment(container).keySet());
        names.removeIf(n -> !n.startsWith("VEIL_"));
        return names;
    }
}
