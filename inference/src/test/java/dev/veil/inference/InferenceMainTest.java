package dev.veil.inference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.veil.frame.VertexProcess;
import java.time.Duration;
import java.util.Map;
import dev.veil.inference.gpu.GpuProbe;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** The vertex as Kubernetes runs it: its own JVM, configured by environment, stopped by SIGTERM. */
class InferenceMainTest {

    @Test
    void anUnknownModelStopsStartUpNamingTheVariable() throws Exception {
        try (VertexProcess vertex = VertexProcess.start(InferenceMain.class, Map.of("VEIL_MODEL", "retinaface"))) {
            assertEquals(2, vertex.awaitExit(Duration.ofSeconds(60)), vertex.output());
            String output = vertex.output();
            assertTrue(output.contains("VEIL_MODEL=retinaface is not a model"), output);
            assertEquals(1, output.lines().filter(l -> l.contains("ERROR")).count(), "one clear line: " + output);
        }
    }

    @Test
    void aMalformedThresholdStopsStartUp() throws Exception {
        try (VertexProcess vertex = VertexProcess.start(InferenceMain.class, Map.of("VEIL_CONFIDENCE", "most"))) {
            assertEquals(2, vertex.awaitExit(Duration.ofSeconds(60)), vertex.output());
            assertTrue(vertex.output().contains("VEIL_CONFIDENCE=most is not a number"), vertex.output());
        }
    }

    @Test
    void servesWithTheDefaultModelAndStopsOnSigterm() throws Exception {
        try (VertexProcess vertex = VertexProcess.start(InferenceMain.class, Map.of())) {
            vertex.awaitLine("server started", Duration.ofSeconds(60));
            assertTrue(vertex.output().contains("face detector ready model=yunet yunet_n_dynamic.onnx at full resolution"), vertex.output());
            assertTrue(vertex.output().contains("faces are detected here model=yunet placement=onnxruntime on cpu"),
                    vertex.output());

            assertEquals(0, vertex.terminate(Duration.ofSeconds(30)), vertex.output());
            String output = vertex.output();
            assertTrue(output.contains("totals frames=0 faces=0 failed=0 invalid=0 batches=0"), output);
            assertTrue(output.contains("stopped vertex=inference"), output);
            assertFalse(output.contains("Exception"), output);
        }
    }

    @Test
    void cudaWithoutAGpuStopsStartUpWithOneLine() throws Exception {
        Assumptions.assumeFalse(GpuProbe.probe().present(), "this machine has a GPU: VEIL_DEVICE=cuda would start");
        String model = TestImages.sharedOrSkip("models/yolov5n-0.5-face.onnx").toString();
        try (VertexProcess vertex = VertexProcess.start(InferenceMain.class,
                Map.of("VEIL_MODEL", model, "VEIL_DEVICE", "cuda"))) {
            assertEquals(2, vertex.awaitExit(Duration.ofSeconds(60)), vertex.output());
            String output = vertex.output();
            assertTrue(output.contains("VEIL_DEVICE=cuda but no GPU runtime starts here: tensorrt: no GPU: no"
                    + " /dev/nvidiaN device"), output);
            assertEquals(1, output.lines().filter(l -> l.contains("ERROR")).count(), "one clear line: " + output);
        }
    }
}
