package dev.veil.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cel.common.CelValidationException;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import dev.veil.deploy.DeviceSelectors.Semver;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

/**
 * The CEL selectors of dra/ against devices as NVIDIA's DRA driver publishes them: attribute names and types
 * (type, productName, architecture, cudaComputeCapability as a version, ...) taken from the driver's source and
 * recorded with it in dra/nvidia-gpu-devices.yaml, read straight from the YAML files: each claim must pick exactly its
 * GPUs, never a MIG slice, a VFIO device or another driver's device, and never fail to evaluate (an evaluation error
 * aborts the allocation in Kubernetes).
 */
class DraSelectorTest {

    private static final String NVIDIA = "gpu.nvidia.com";

    /**
     * The devices of a mixed cluster, by a name for messages: those of dra/nvidia-gpu-devices.yaml (attributes as the
     * driver publishes them, see that file for the source), and a device of another driver.
     */
    static Map<String, Map<String, Object>> devices() {
        Map<String, Map<String, Object>> devices = new LinkedHashMap<>(NvidiaDevices.load().devices());
        // Another vendor's device: Kubernetes gives an empty map for a domain the device does not have.
        Map<String, Object> other = new LinkedHashMap<>();
        other.put("driver", "gpu.example.com");
        other.put("attributes", Map.of("gpu.example.com", Map.of("model", "T4 A100"), NVIDIA, Map.of()));
        other.put("capacity", Map.of("gpu.example.com", Map.of(), NVIDIA, Map.of()));
        devices.put("other driver", other);
        return devices;
    }

    @Test
    void theRecordedDevicesAreOnesTheDriverPublishes() {
        NvidiaDevices nvidia = NvidiaDevices.load();
        assertEquals(NVIDIA, nvidia.driver());
        assertEquals(List.of(), nvidia.problems());
        assertTrue(nvidia.devices().size() >= 10, "expected a mixed cluster, got " + nvidia.devices().keySet());
        assertEquals(new Semver(7, 5, 0), NvidiaDevices.semver("7.5"), "the driver publishes 7.5 as 7.5.0");
    }

    /**
     * Each selector reads only attributes the driver publishes for a whole GPU, compares a version attribute only
     * with Kubernetes' semver functions and a string attribute only with a string, and names an architecture the
     * driver reports.
     */
    @ParameterizedTest(name = "dra/{0}/{1}")
    @MethodSource("claims")
    void eachSelectorUsesTheDriversAttributesWithTheirTypes(String version, String file, Set<String> ignored) {
        NvidiaDevices nvidia = NvidiaDevices.load();
        Map<String, String> types = nvidia.attributeTypes("gpu");
        List<String> problems = new ArrayList<>();
        int uses = 0;
        for (String expression : selectors(Repo.dra().resolve(version).resolve(file))) {
            Matcher m = ATTRIBUTE.matcher(expression);
            while (m.find()) {
                uses++;
                String name = m.group(1);
                String after = m.group(2);
                String type = types.get(name);
                if (type == null) {
                    problems.add(name + ": the driver publishes no such attribute for a GPU");
                } else if (type.equals("version") != after.startsWith(".compareTo(semver(")) {
                    problems.add(name + " (" + type + ") used as " + after);
                } else if (type.equals("string") && !(after.startsWith(" == '") || after.startsWith(".matches("))) {
                    problems.add(name + " (string) used as " + after);
                }
            }
            Matcher arch = ARCHITECTURE.matcher(expression);
            while (arch.find()) {
                if (!nvidia.architectures().contains(arch.group(1))) {
                    problems.add("architecture '" + arch.group(1) + "' is none the driver reports");
                }
            }
        }
        assertTrue(uses >= 4, "expected the type, architecture, compute capability and product name, found " + uses);
        assertEquals(List.of(), problems);
    }

    private static final Pattern ATTRIBUTE = Pattern.compile("device\\.attributes\\['gpu\\.nvidia\\.com'\\]\\.([A-Za-z]+)(?=(.{0,20}))");
    private static final Pattern ARCHITECTURE = Pattern.compile("\\.architecture == '([^']*)'");

    static Stream<Arguments> claims() {
        Set<String> t4 = Set.of("T4", "T4G");
        Set<String> a100 = Set.of("A100-PCIe-40GB", "A100-PCIe-80GB", "A100-SXM4-40GB", "A100-SXM4-80GB");
        List<Arguments> claims = new ArrayList<>();
        for (String version : Repo.draVersions()) {
            claims.add(Arguments.of(version, "gpu-t4.yaml", t4));
            claims.add(Arguments.of(version, "gpu-a100.yaml", a100));
        }
        return claims.stream();
    }

    @ParameterizedTest(name = "dra/{0}/{1}")
    @MethodSource("claims")
    void eachClaimPicksExactlyItsGpus(String version, String file, Set<String> expected) throws Exception {
        List<String> expressions = selectors(Repo.dra().resolve(version).resolve(file));
        assertFalse(expressions.isEmpty(), "no CEL selector in dra/" + version + "/" + file);
        Set<String> picked = new TreeSet<>();
        for (Map.Entry<String, Map<String, Object>> device : devices().entrySet()) {
            boolean all = true;
            for (String expression : expressions) {
                CelRuntime.Program selector = DeviceSelectors.compile(expression);
                all &= DeviceSelectors.selects(selector, device.getValue());
            }
            if (all) {
                picked.add(device.getKey());
            }
        }
        assertEquals(new TreeSet<>(expected), picked);
    }

    @Test
    void theV1AndV1beta1ClaimsSelectTheSameWay() {
        for (String file : List.of("gpu-t4.yaml", "gpu-a100.yaml")) {
            JsonNode v1 = request(Repo.dra().resolve("v1").resolve(file));
            JsonNode v1beta1 = request(Repo.dra().resolve("v1beta1").resolve(file));
            // v1 nests the request's fields under `exactly`; v1beta1 has them directly.
            JsonNode exactly = v1.get("exactly").deepCopy();
            ((tools.jackson.databind.node.ObjectNode) exactly).put("name", v1.get("name").asString());
            assertEquals(List.of(), Diff.changes(exactly, v1beta1), file + ": v1 and v1beta1 differ");
        }
    }

    @Test
    void anUnknownFunctionOrAttributeTypeIsRefusedOrFails() throws Exception {
        // Kubernetes' quantity() is not provided here; a selector using it does not compile silently to false.
        assertThrows(CelValidationException.class, () -> DeviceSelectors.compile(
                "device.capacity['gpu.nvidia.com'].memory.compareTo(quantity('40Gi')) >= 0"));
        // An attribute the device does not publish is an error, which is why the claims test type first.
        CelRuntime.Program architecture = DeviceSelectors.compile("device.attributes['gpu.nvidia.com'].architecture == 'Turing'");
        assertThrows(CelEvaluationException.class, () -> DeviceSelectors.selects(architecture, devices().get("T4 via VFIO")));
    }

    @Test
    void semverComparesLikeKubernetes() throws Exception {
        CelRuntime.Program program = DeviceSelectors.compile(
                "semver('8.9.0').isGreaterThan(semver('8.0.0')) && semver('7.5.0').compareTo(semver('7.5.0')) == 0"
                        + " && semver('10.0.0').isGreaterThan(semver('9.9.9')) && semver('8.6.0').minor() == 6");
        assertEquals(true, DeviceSelectors.selects(program, Map.of()));
    }

    private static List<String> selectors(Path file) {
        JsonNode request = request(file);
        JsonNode fields = request.has("exactly") ? request.get("exactly") : request;
        assertEquals("gpu.nvidia.com", fields.path("deviceClassName").asString(), file + " must use NVIDIA's class");
        assertEquals(1, fields.path("count").asInt(), file + " must claim one GPU");
        List<String> expressions = new ArrayList<>();
        fields.path("selectors").values().forEach(s -> expressions.add(s.path("cel").path("expression").asString()));
        return expressions;
    }

    private static JsonNode request(Path file) {
        List<JsonNode> documents = Yaml.documents(file);
        assertEquals(1, documents.size());
        JsonNode requests = documents.get(0).path("spec").path("spec").path("devices").path("requests");
        assertEquals(1, requests.size(), file + " must make exactly one request");
        return requests.get(0);
    }
}
