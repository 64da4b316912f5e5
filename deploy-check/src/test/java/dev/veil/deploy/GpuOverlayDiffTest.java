package dev.veil.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The t4 and a100 overlays render the same objects, identical but for the one claim template the inference vertex
 * names: swapping GPUs changes nothing else about the pipeline.
 */
class GpuOverlayDiffTest {

    @Test
    void t4AndA100DifferOnlyInTheClaimTemplate() {
        Map<String, JsonNode> t4 = byIdentity(Kustomize.overlay("t4"));
        Map<String, JsonNode> a100 = byIdentity(Kustomize.overlay("a100"));
        assertEquals(t4.keySet(), a100.keySet(), "the overlays render different objects");

        List<String> differences = new ArrayList<>();
        t4.forEach((id, object) -> Diff.changes(object, a100.get(id)).forEach(c -> differences.add(id + " " + c)));
        Rendered rendered = Rendered.overlay("t4");
        int inference = rendered.vertices().indexOf(rendered.vertex("inference"));
        String pointer = "/spec/vertices/" + inference + "/resourceClaims/0/resourceClaimTemplateName";
        assertEquals(List.of("numaflow.numaproj.io/v1alpha1 Pipeline/veil " + pointer + ": \"veil-gpu-t4\" -> \"veil-gpu-a100\""),
                differences);
    }

    @Test
    void theDiffSeesAnyOtherDifference() {
        JsonNode t4 = Rendered.overlay("t4").pipeline();
        JsonNode changed = t4.deepCopy();
        ((tools.jackson.databind.node.ObjectNode) changed.path("spec").path("limits")).put("readBatchSize", 8);
        assertEquals(1, Diff.changes(t4, changed).size());
    }

    @Test
    void theCpuOverlayClaimsNothingAndTakesNoGpuNodeToleration() {
        Rendered cpu = Rendered.overlay("cpu");
        String text = cpu.objects().toString();
        assertTrue(!text.contains("resourceClaim") && !text.contains("\"claims\""), "the cpu overlay still claims a device");
        assertTrue(!text.contains("nvidia.com/gpu"), "the cpu overlay still tolerates GPU nodes");
    }

    private static Map<String, JsonNode> byIdentity(List<JsonNode> objects) {
        Map<String, JsonNode> map = new LinkedHashMap<>();
        objects.forEach(o -> assertEquals(null, map.put(Yaml.describe(o), o), "rendered twice: " + Yaml.describe(o)));
        return map;
    }
}
