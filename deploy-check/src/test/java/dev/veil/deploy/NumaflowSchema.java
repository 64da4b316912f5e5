package dev.veil.deploy;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Numaflow's own JSON schema (v1.8.3, vendored in this module's test resources with its licence; see
 * schemas/README.md there), optionally made strict: every object definition that lists its properties gets
 * {@code additionalProperties: false}, so a misspelled field is an error instead of being ignored (as Numaflow's
 * controller would ignore it, silently).
 */
final class NumaflowSchema {

    static final String SCHEMA_RESOURCE = "/schemas/numaflow/numaflow-v1.8.3.schema.json";
    private static final String PREFIX = "io.numaproj.numaflow.v1alpha1.";
    private static final Map<Boolean, NumaflowSchema> LOADED = new ConcurrentHashMap<>();

    private final ObjectNode definitions;
    private final Map<String, Schema> byKind = new ConcurrentHashMap<>();
    private final int closedObjects;

    private NumaflowSchema(ObjectNode definitions, int closedObjects) {
        this.definitions = definitions;
        this.closedObjects = closedObjects;
    }

    /** The schema with every object closed. */
    static NumaflowSchema strict() {
        return LOADED.computeIfAbsent(true, NumaflowSchema::load);
    }

    /** The schema as Numaflow publishes it (unknown fields allowed), to show what strictness adds. */
    static NumaflowSchema asPublished() {
        return LOADED.computeIfAbsent(false, NumaflowSchema::load);
    }

    private static NumaflowSchema load(boolean strict) {
        JsonNode root = Yaml.JSON.readTree(Resources.text(SCHEMA_RESOURCE));
        ObjectNode definitions = (ObjectNode) root.get("definitions").deepCopy();
        int closed = strict ? close(definitions) : 0;
        return new NumaflowSchema(definitions, closed);
    }

    /** Closes every object schema (definitions and inline ones) that lists properties and says nothing else. */
    private static int close(JsonNode node) {
        int closed = 0;
        if (node instanceof ObjectNode object) {
            if (object.path("properties").isObject() && !object.has("additionalProperties")
                    && !object.has("x-kubernetes-preserve-unknown-fields")) {
                object.put("additionalProperties", false);
                closed++;
            }
            for (JsonNode child : object.values()) {
                closed += close(child);
            }
        } else if (node != null && node.isArray()) {
            for (JsonNode child : node.values()) {
                closed += close(child);
            }
        }
        return closed;
    }

    int closedObjects() {
        return closedObjects;
    }

    boolean knows(String kind) {
        return definitions.has(PREFIX + kind);
    }

    /** Every violation of the schema of {@code object}'s kind, as "path: message"; empty when it conforms. */
    List<String> violations(JsonNode object) {
        String kind = object.path("kind").asString("");
        if (!knows(kind)) {
            return List.of("Numaflow has no kind " + kind);
        }
        Schema schema = byKind.computeIfAbsent(kind, this::compile);
        List<Error> errors = schema.validate(object);
        return errors.stream().map(e -> e.getInstanceLocation() + ": " + e.getMessage()).toList();
    }

    private Schema compile(String kind) {
        ObjectNode root = Yaml.JSON.createObjectNode();
        root.set("definitions", definitions);
        root.put("$ref", "#/definitions/" + PREFIX + kind);
        return SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_7).getSchema(root);
    }
}
