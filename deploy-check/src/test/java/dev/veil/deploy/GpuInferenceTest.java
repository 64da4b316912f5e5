package dev.veil.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.veil.config.Env;
import dev.veil.inference.Device;
import dev.veil.inference.InferenceConfig;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

/**
 * The GPU overlays detect on the GPU they claim: the inference vertex runs the GPU image, parses its environment to
 * {@code VEIL_DEVICE=cuda} (TensorRT or OpenCV's CUDA backend, never the CPU), keeps TensorRT's engines on a
 * writable volume that outlives the pod, and asks for the CPU its remaining CPU work needs. The cpu overlay keeps the
 * CPU image and {@code auto}.
 */
class GpuInferenceTest {

    /**
     * CPU time of a 720p frame in the inference vertex without the network's forward pass (JPEG decoding, YuNet's
     * pre- and post-processing at three scales, tracking, the wire format): 15.6 ms, measured on this project's
     * build machine (docs/inference.md), so 0.47 cores at 30 frames a second.
     */
    static final double CPU_CORES_AT_30_FPS = 0.47;

    static List<String> gpuOverlays() {
        return Repo.gpuOverlays();
    }

    private static Rendered.Container inference(Rendered r) {
        return r.containers().stream().filter(c -> c.program().orElse(null) == Program.INFERENCE).findFirst()
                .orElseThrow();
    }

    private static InferenceConfig config(Rendered r) {
        return InferenceConfig.fromEnv(Env.of(r.resolve(inference(r), ConfigAcceptanceTest.SecretExample.values())));
    }

    @ParameterizedTest(name = "overlay {0}")
    @MethodSource("gpuOverlays")
    void theInferenceVertexRunsTheGpuImageOnTheGpuOnly(String overlay) {
        Rendered r = Rendered.overlay(overlay);
        assertTrue(inference(r).image().matches(".+/veil/inference-gpu[:@].+"), inference(r).image());
        assertEquals(Device.CUDA, config(r).device(), "VEIL_DEVICE=cuda: a GPU runtime or no start");
    }

    @ParameterizedTest(name = "overlay {0}")
    @MethodSource("gpuOverlays")
    void tensorRtsEnginesAreKeptOnAWritableVolumeThatOutlivesThePod(String overlay) {
        Rendered r = Rendered.overlay(overlay);
        Path cache = config(r).engineCache();
        Rendered.Container c = inference(r);
        JsonNode mount = c.spec().path("volumeMounts").values().stream()
                .filter(m -> cache.startsWith(Path.of(m.path("mountPath").asString()))).findFirst()
                .orElseThrow(() -> new AssertionError("no volume holds " + cache));
        assertFalse(mount.path("readOnly").asBoolean(false), "the engines are written there");
        JsonNode volume = c.podVolumes().values().stream()
                .filter(v -> v.path("name").asString().equals(mount.path("name").asString())).findFirst().orElseThrow();
        String claim = volume.path("persistentVolumeClaim").path("claimName").asString("");
        assertTrue(r.named("PersistentVolumeClaim", claim).isPresent(), "an emptyDir would go with the pod: " + volume);
        JsonNode vertex = r.vertex("inference");
        assertEquals(c.spec().path("securityContext").path("runAsGroup").asLong(),
                vertex.path("securityContext").path("fsGroup").asLong(-1),
                "the volume's files must belong to the group the vertex runs as, or it cannot write them");
    }

    @ParameterizedTest(name = "overlay {0}")
    @MethodSource("gpuOverlays")
    void theCpuAskedForCoversWhatStaysOnTheCpu(String overlay) {
        Rendered r = Rendered.overlay(overlay);
        JsonNode resources = inference(r).spec().path("resources");
        long request = Quantities.millicores(resources.path("requests").path("cpu").asString());
        long limit = Quantities.millicores(resources.path("limits").path("cpu").asString());
        assertTrue(request >= Math.round(2 * CPU_CORES_AT_30_FPS * 1000), "twice the measured share: " + request + "m");
        assertTrue(limit >= request);
    }

    @Test
    void theCpuOverlayKeepsTheCpuImageAndAuto() {
        Rendered r = Rendered.overlay("cpu");
        assertTrue(inference(r).image().matches(".+/veil/inference[:@].+"), inference(r).image());
        assertEquals(Device.AUTO, config(r).device());
    }
}
