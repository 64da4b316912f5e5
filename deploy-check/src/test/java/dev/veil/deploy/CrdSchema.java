package dev.veil.deploy;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Custom resources of the Prometheus Operator (PodMonitor, ServiceMonitor) against the openAPIV3Schema of their
 * CustomResourceDefinitions, vendored from prometheus-operator v0.93.0 (see schemas/README.md in the test
 * resources), made strict the way {@code kubectl apply} with server-side field validation is: an object schema that
 * lists its properties, and does not say it keeps unknown fields, refuses any other field.
 */
final class CrdSchema {

    private static final Map<String, String> CRDS = Map.of(
            "monitoring.coreos.com/v1/PodMonitor", "/schemas/prometheus-operator/monitoring.coreos.com_podmonitors.yaml",
            "monitoring.coreos.com/v1/ServiceMonitor",
            "/schemas/prometheus-operator/monitoring.coreos.com_servicemonitors.yaml");
    private static final Map<String, Schema> SCHEMAS = new java.util.concurrent.ConcurrentHashMap<>();

    private CrdSchema() {
    }

    static boolean covers(JsonNode object) {
        return CRDS.containsKey(key(object));
    }

    /** Every violation of the CRD's schema, as "path: message"; empty when the object conforms. */
    static List<String> violations(JsonNode object) {
        String key = key(object);
        if (!CRDS.containsKey(key)) {
            return List.of("no vendored CRD for " + key);
        }
        Schema schema = SCHEMAS.computeIfAbsent(key, CrdSchema::load);
        List<Error> errors = schema.validate(object);
        return errors.stream().map(e -> e.getInstanceLocation() + ": " + e.getMessage()).toList();
    }

    private static Schema load(String key) {
        JsonNode crd = Yaml.documents(Resources.text(CRDS.get(key))).get(0);
        String version = key.split("/")[1];
        Optional<JsonNode> served = crd.path("spec").path("versions").values().stream()
                .filter(v -> v.path("name").asString("").equals(version)).findFirst();
        JsonNode openApi = served.orElseThrow(() -> new IllegalStateException(key + ": the CRD serves no " + version))
                .path("schema").path("openAPIV3Schema").deepCopy();
        // metadata is the API server's to check; the CRD's schema declares it as a bare object, left open here too.
        close(openApi);
        return SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_7).getSchema(openApi);
    }

    /** Closes every object schema that lists properties and neither allows others nor keeps unknown fields. */
    private static void close(JsonNode node) {
        if (node instanceof ObjectNode object) {
            if (object.path("properties").isObject() && !object.has("additionalProperties")
                    && !object.path("x-kubernetes-preserve-unknown-fields").asBoolean(false)) {
                object.put("additionalProperties", false);
            }
            object.values().forEach(CrdSchema::close);
        } else if (node != null && node.isArray()) {
            node.values().forEach(CrdSchema::close);
        }
    }

    private static String key(JsonNode object) {
        return object.path("apiVersion").asString("") + "/" + object.path("kind").asString("");
    }
}
