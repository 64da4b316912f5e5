package dev.veil.deploy;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Kubernetes objects read into fabric8's typed models for their apiVersion and kind, strictly: fabric8 keeps an
 * unknown field in an {@code additionalProperties} map instead of failing, so every such map in the object graph
 * must be empty; and the object written back must equal what was read, so that no value was coerced or dropped on
 * the way (a port given as a string, a misplaced list).
 */
final class TypedModels {

    private static final Map<String, Class<?>> MODELS = Map.ofEntries(
            Map.entry("v1/ConfigMap", ConfigMap.class),
            Map.entry("v1/Secret", Secret.class),
            Map.entry("v1/Service", Service.class),
            Map.entry("v1/PersistentVolumeClaim", PersistentVolumeClaim.class),
            Map.entry("v1/Pod", Pod.class),
            Map.entry("apps/v1/Deployment", Deployment.class),
            Map.entry("networking.k8s.io/v1/NetworkPolicy", NetworkPolicy.class),
            Map.entry("policy/v1/PodDisruptionBudget", PodDisruptionBudget.class),
            Map.entry("resource.k8s.io/v1/ResourceClaimTemplate",
                    io.fabric8.kubernetes.api.model.resource.v1.ResourceClaimTemplate.class),
            Map.entry("resource.k8s.io/v1/DeviceClass", io.fabric8.kubernetes.api.model.resource.v1.DeviceClass.class),
            Map.entry("resource.k8s.io/v1beta1/ResourceClaimTemplate",
                    io.fabric8.kubernetes.api.model.resource.v1beta1.ResourceClaimTemplate.class),
            Map.entry("resource.k8s.io/v1beta1/DeviceClass",
                    io.fabric8.kubernetes.api.model.resource.v1beta1.DeviceClass.class));

    private static final JsonMapper MAPPER = JsonMapper.builder().build();

    private TypedModels() {
    }

    static boolean covers(JsonNode object) {
        return MODELS.containsKey(key(object));
    }

    /** Every problem found reading {@code object} into its model; empty when it is a valid object of its kind. */
    static List<String> violations(JsonNode object) {
        Class<?> model = MODELS.get(key(object));
        if (model == null) {
            return List.of("no typed model for " + key(object) + " (add it to TypedModels if it is meant to be used)");
        }
        Object typed;
        try {
            typed = MAPPER.treeToValue(object, model);
        } catch (RuntimeException e) {
            return List.of("does not read as " + model.getSimpleName() + ": " + e.getMessage());
        }
        List<String> problems = new ArrayList<>();
        unknownFields(typed, "", problems, 0);
        JsonNode written = MAPPER.valueToTree(typed);
        if (problems.isEmpty() && !Diff.changes(object, written).isEmpty()) {
            problems.add("changes when read as " + model.getSimpleName() + " and written back: " + Diff.between(object, written));
        }
        return problems;
    }

    private static String key(JsonNode object) {
        return object.path("apiVersion").asString("") + "/" + object.path("kind").asString("");
    }

    private static void unknownFields(Object value, String path, List<String> problems, int depth) {
        if (value == null || depth > 64) {
            return;
        }
        if (value instanceof Collection<?> items) {
            int i = 0;
            for (Object item : items) {
                unknownFields(item, path + "[" + i++ + "]", problems, depth + 1);
            }
            return;
        }
        if (value instanceof Map<?, ?> map) {
            map.forEach((k, v) -> unknownFields(v, path + "." + k, problems, depth + 1));
            return;
        }
        if (!value.getClass().getName().startsWith("io.fabric8.") || value.getClass().isEnum()) {
            return;
        }
        for (Method getter : value.getClass().getMethods()) {
            if (getter.getParameterCount() != 0 || Modifier.isStatic(getter.getModifiers())
                    || getter.getDeclaringClass() == Object.class || !getter.getName().startsWith("get")) {
                continue;
            }
            Object child;
            try {
                child = getter.invoke(value);
            } catch (IllegalAccessException | InvocationTargetException e) {
                continue;
            }
            if (getter.getName().equals("getAdditionalProperties")) {
                if (child instanceof Map<?, ?> extra && !extra.isEmpty()) {
                    problems.add("unknown field(s) " + extra.keySet() + " at " + (path.isEmpty() ? "." : path));
                }
                continue;
            }
            String field = Character.toLowerCase(getter.getName().charAt(3)) + getter.getName().substring(4);
            unknownFields(child, path + "." + field, problems, depth + 1);
        }
    }
}
