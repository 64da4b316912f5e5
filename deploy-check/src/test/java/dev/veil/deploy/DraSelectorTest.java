package dev.veil.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

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
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

/**
 * The CEL selectors of dra/ against devices as NVIDIA's DRA driver publishes them (attributes type, productName,
 * architecture, cudaComputeCapability, ...; names and values as the driver reports them for these cards), read
 * straight from the YAML files: each claim must pick exactly its GPUs, never a MIG slice, a VFIO device or another
 * driver's device, and never fail to evaluate (an evaluation error aborts the allocation in Kubernetes).
 */
class DraSelectorTest {

    private static final String NVIDIA = "gpu.nvidia.com";

    /** The devices of a mixed cluster, by a name for messages. */
    static Map<String, Map<String, Object>> devices() {
        Map<String, Map<String, Object>> devices = new LinkedHashMap<>();
        devices.put("T4", gpu("Tesla T4", "Turing", "7.5.0", "15360Mi"));
        devices.put("T4G", gpu("NVIDIA T4G", "Turing", "7.5.0", "15360Mi"));
        devices.put("A100-PCIe-40GB", gpu("NVIDIA A100-PCIE-40GB", "Ampere", "8.0.0", "40960Mi"));
        devices.put("A100-PCIe-80GB", gpu("NVIDIA A100 80GB PCIe", "Ampere", "8.0.0", "81920Mi"));
        devices.put("A100-SXM4-40GB", gpu("NVIDIA A100-SXM4-40GB", "Ampere", "8.0.0", "40960Mi"));
        devices.put("A100-SXM4-80GB", gpu("NVIDIA A100-SXM4-80GB", "Ampere", "8.0.0", "81920Mi"));
        devices.put("L4", gpu("NVIDIA L4", "Ada Lovelace", "8.9.0", "23034Mi"));
        // Lookalikes the claims must leave alone.
        devices.put("A30", gpu("NVIDIA A30", "Ampere", "8.0.0", "24576Mi"));
        devices.put("RTX A1000", gpu("NVIDIA RTX A1000", "Ampere", "8.6.0", "8192Mi"));
        devices.put("Quadro T4000", gpu("Quadro T4000", "Turing", "7.5.0", "8192Mi"));
        devices.put("T400", gpu("NVIDIA T400", "Turing", "7.5.0", "2048Mi"));
        Map<String, Object> mig = gpu("NVIDIA A100-SXM4-40GB", "Ampere", "8.0.0", "4864Mi");
        attributes(mig).put("type", "mig");
        attributes(mig).put("profile", "1g.5gb");
        devices.put("A100 MIG 1g.5gb", mig);
        // A GPU handed to a VM through VFIO: NVIDIA's driver publishes no architecture or compute capability for it.
        Map<String, Object> vfio = new LinkedHashMap<>();
        vfio.put("driver", NVIDIA);
        vfio.put("attributes", Map.of(NVIDIA, new LinkedHashMap<>(Map.of("type", "vfio", "productName", "Tesla T4",
                "deviceID", "0x1eb8", "vendorID", "0x10de"))));
        vfio.put("capacity", Map.of(NVIDIA, Map.of()));
        devices.put("T4 via VFIO", vfio);
        // Another vendor's device: Kubernetes gives an empty map for a domain the device does not have.
        Map<String, Object> other = new LinkedHashMap<>();
        other.put("driver", "gpu.example.com");
        other.put("attributes", Map.of("gpu.example.com", Map.of("model", "T4 A100"), NVIDIA, Map.of()));
        other.put("capacity", Map.of("gpu.example.com", Map.of(), NVIDIA, Map.of()));
        devices.put("other driver", other);
        return devices;
    }

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

    private static Map<String, Object> gpu(String productName, String architecture, String computeCapability,
                                           String memory) {
        Map<String, Object> attributes = new LinkedHashMap<>();
        attributes.put("type", "gpu");
        attributes.put("uuid", "GPU-" + Integer.toHexString(productName.hashCode()));
        attributes.put("productName", productName);
        attributes.put("brand", "Nvidia");
        attributes.put("architecture", architecture);
        attributes.put("cudaComputeCapability", Semver.parse(computeCapability));
        attributes.put("driverVersion", Semver.parse("570.133.20"));
        attributes.put("cudaDriverVersion", Semver.parse("12.8.0"));
        Map<String, Object> device = new LinkedHashMap<>();
        device.put("driver", NVIDIA);
        device.put("attributes", new LinkedHashMap<>(Map.of(NVIDIA, attributes)));
        // Capacity is a Kubernetes quantity; no claim here reads it, so it is kept as its text.
        device.put("capacity", Map.of(NVIDIA, Map.of("memory", memory)));
        return device;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> attributes(Map<String, Object> device) {
        return (Map<String, Object>) ((Map<String, Object>) device.get("attributes")).get(NVIDIA);
    }
}
