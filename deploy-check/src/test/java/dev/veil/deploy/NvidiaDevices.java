package dev.veil.deploy;

import dev.veil.deploy.DeviceSelectors.Semver;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import tools.jackson.databind.JsonNode;

/**
 * The devices of dra/nvidia-gpu-devices.yaml (test resources) as Kubernetes hands them to a CEL selector: each
 * attribute typed the way NVIDIA's DRA driver publishes it (string, version, int, bool), under the driver's domain.
 * The file says where each name and type comes from in the driver's source.
 */
final class NvidiaDevices {

    static final String RESOURCE = "/dra/nvidia-gpu-devices.yaml";
    /** Keys of a recorded device that are not attributes. */
    private static final Set<String> NOT_ATTRIBUTES = Set.of("memory");
    /** Attributes the devices get from the node or from their identity rather than from the file's values. */
    private static final Set<String> GENERATED = Set.of("uuid", "parentUUID", "driverVersion", "cudaDriverVersion");

    private final JsonNode data;

    private NvidiaDevices(JsonNode data) {
        this.data = data;
    }

    static NvidiaDevices load() {
        return new NvidiaDevices(Yaml.documents(Resources.text(RESOURCE)).get(0));
    }

    String driver() {
        return data.path("driver").asString();
    }

    /** Attribute name to type ("string", "version", "int", "bool") for one device type. */
    Map<String, String> attributeTypes(String deviceType) {
        Map<String, String> types = new LinkedHashMap<>();
        data.path("attributes").path(deviceType).properties().forEach(e -> types.put(e.getKey(), e.getValue().asString()));
        return types;
    }

    Set<String> architectures() {
        Set<String> names = new TreeSet<>();
        data.path("architectures").values().forEach(v -> names.add(v.asString()));
        return names;
    }

    Set<String> brands() {
        Set<String> names = new TreeSet<>();
        data.path("brands").values().forEach(v -> names.add(v.asString()));
        return names;
    }

    /** What is wrong with the recorded devices against the driver's tables; empty when each is a device it publishes. */
    List<String> problems() {
        List<String> problems = new ArrayList<>();
        data.path("devices").properties().forEach(e -> {
            JsonNode device = e.getValue();
            String type = device.path("type").asString("");
            Map<String, String> types = attributeTypes(type);
            if (types.isEmpty()) {
                problems.add(e.getKey() + ": the driver publishes no device type " + type);
                return;
            }
            Set<String> given = new TreeSet<>(device.propertyNames());
            given.removeAll(NOT_ATTRIBUTES);
            Set<String> expected = new TreeSet<>(types.keySet());
            expected.removeAll(GENERATED);
            if (!given.equals(expected)) {
                problems.add(e.getKey() + ": has " + given + ", a " + type + " device publishes " + expected);
            }
            if (types.containsKey("architecture") && !architectures().contains(device.path("architecture").asString())) {
                problems.add(e.getKey() + ": architecture " + device.path("architecture") + " is none the driver reports");
            }
            if (types.containsKey("brand") && !brands().contains(device.path("brand").asString())) {
                problems.add(e.getKey() + ": brand " + device.path("brand") + " is none the driver reports");
            }
        });
        return problems;
    }

    /** Every recorded device, by its name, as a CEL {@code device} value. */
    Map<String, Map<String, Object>> devices() {
        Map<String, Map<String, Object>> devices = new LinkedHashMap<>();
        JsonNode node = data.path("node");
        data.path("devices").properties().forEach(e -> {
            JsonNode recorded = e.getValue();
            String type = recorded.path("type").asString();
            Map<String, Object> attributes = new LinkedHashMap<>();
            attributeTypes(type).forEach((name, kind) -> {
                JsonNode value = switch (name) {
                    case "uuid" -> Yaml.JSON.getNodeFactory().stringNode("GPU-" + Integer.toHexString(e.getKey().hashCode()));
                    case "parentUUID" -> Yaml.JSON.getNodeFactory().stringNode("GPU-parent-" + Integer.toHexString(e.getKey().hashCode()));
                    case "driverVersion", "cudaDriverVersion" -> node.path(name);
                    default -> recorded.path(name);
                };
                attributes.put(name, typed(e.getKey() + "." + name, kind, value));
            });
            Map<String, Object> device = new LinkedHashMap<>();
            device.put("driver", driver());
            device.put("attributes", new LinkedHashMap<>(Map.of(driver(), attributes)));
            // Capacity is a Kubernetes quantity; no claim here reads it, so it is kept as its text.
            device.put("capacity", Map.of(driver(), Map.of("memory", recorded.path("memory").asString())));
            devices.put(e.getKey(), device);
        });
        return devices;
    }

    private static Object typed(String where, String kind, JsonNode value) {
        if (value.isMissingNode() || value.isNull()) {
            throw new IllegalStateException(RESOURCE + ": " + where + " has no value");
        }
        return switch (kind) {
            case "string" -> value.asString();
            case "int" -> value.asLong();
            case "bool" -> value.asBoolean();
            case "version" -> semver(value.asString());
            default -> throw new IllegalStateException(RESOURCE + ": " + where + " has unknown type " + kind);
        };
    }

    /** A version as the driver publishes it: Masterminds' semver fills in a missing minor or patch with 0. */
    static Semver semver(String text) {
        String[] parts = text.split("\\.", -1);
        if (parts.length < 1 || parts.length > 3) {
            throw new IllegalArgumentException("not a version: " + text);
        }
        return new Semver(Long.parseLong(parts[0]), parts.length > 1 ? Long.parseLong(parts[1]) : 0,
                parts.length > 2 ? Long.parseLong(parts[2]) : 0);
    }
}
