package dev.veil.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.veil.frame.VertexProcess;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The vertex as Kubernetes runs it: its own JVM, configured by environment, stopped by SIGTERM. */
class SourceMainTest {

    @TempDir
    Path dir;

    @Test
    void aMissingInputStopsStartUpNamingTheVariable() throws Exception {
        try (VertexProcess vertex = VertexProcess.start(SourceMain.class, Map.of())) {
            assertEquals(2, vertex.awaitExit(Duration.ofSeconds(60)), vertex.output());
            assertTrue(vertex.output().contains("VEIL_INPUT is not set"), vertex.output());
        }
    }

    @Test
    void aRetiredSettingStopsStartUpNamingItsReplacement() throws Exception {
        try (VertexProcess vertex = VertexProcess.start(SourceMain.class,
                Map.of("VEIL_INPUT", "rtsp://127.0.0.1:1/cam", "VEIL_SOURCE_MAX_SIZE", "640x360"))) {
            assertEquals(2, vertex.awaitExit(Duration.ofSeconds(60)), vertex.output());
            assertTrue(vertex.output().contains("VEIL_SOURCE_MAX_SIZE is no longer read: set VEIL_DISPLAY_SIZE=WxH"
                    + " instead"), vertex.output());
        }
    }

    @Test
    void aMissingFileStopsStartUpWithOneLineAndNoStackTrace() throws Exception {
        Path missing = dir.resolve("no-such-video.mp4");
        try (VertexProcess vertex = VertexProcess.start(SourceMain.class, Map.of("VEIL_INPUT", missing.toString()))) {
            assertEquals(2, vertex.awaitExit(Duration.ofSeconds(60)), vertex.output());
            List<String> errors = vertex.output().lines().filter(l -> l.contains(" ERROR ")).toList();
            assertEquals(1, errors.size(), vertex.output());
            assertTrue(errors.get(0).contains("VEIL_INPUT=" + missing + " is neither a readable file"), errors.get(0));
            assertFalse(vertex.output().contains("\tat "), "no stack trace:\n" + vertex.output());
        }
    }

    @Test
    void nvdecDemandedWithoutAGpuStopsStartUp() throws Exception {
        CudaDevices cuda = CudaDevices.probe();
        org.junit.jupiter.api.Assumptions.assumeFalse(cuda.visible(), "skipped: this machine has a GPU");
        try (VertexProcess vertex = VertexProcess.start(SourceMain.class,
                Map.of("VEIL_INPUT", "rtsp://127.0.0.1:1/cam", "VEIL_DECODER", "nvdec"))) {
            assertEquals(2, vertex.awaitExit(Duration.ofSeconds(60)), vertex.output());
            assertTrue(vertex.output().contains("VEIL_DECODER=nvdec but no CUDA device is visible"), vertex.output());
        }
    }

    @Test
    void decodesAndStopsOnSigterm() throws Exception {
        Path video = TestVideos.synthetic(dir.resolve("lobby.mp4"), 320, 240, 10, 25, false);
        try (VertexProcess vertex = VertexProcess.start(SourceMain.class,
                Map.of("VEIL_INPUT", video.toString(), "VEIL_AT_END_OF_INPUT", "loop"))) {
            vertex.awaitLine("server started", Duration.ofSeconds(60));
            vertex.awaitLine("input opened stream=lobby", Duration.ofSeconds(60));

            assertEquals(0, vertex.terminate(Duration.ofSeconds(30)), vertex.output());
            assertTrue(vertex.output().contains("stopped vertex=source-rtsp"), vertex.output());
        }
    }

    /**
     * FFmpeg's own log output goes through the scrubbing bridge, never straight to stderr: with every logger at
     * TRACE, FFmpeg dumps its RTSP requests, authorization header included, and the vertex's whole output (its
     * stdout and stderr) still holds neither the password nor the encoded credentials.
     */
    @Test
    void ffmpegsOwnOutputNeverCarriesTheStreamsCredentials() throws Exception {
        Path clip = TestVideos.synthetic(dir.resolve("door.mp4"), 160, 120, 100, 25, false);
        String password = "Pa55wordOnTheWire";
        try (RtspTestServer server = RtspTestServer.start(clip, "operator", password);
             VertexProcess vertex = VertexProcess.start(SourceMain.class, Map.of(
                     "VEIL_INPUT", server.url("operator", password), "VEIL_LOG_LEVEL", "TRACE"))) {
            vertex.awaitLine("input opened stream=test", Duration.ofSeconds(60));
            assertEquals(0, vertex.terminate(Duration.ofSeconds(30)), vertex.output());

            String output = vertex.output();
            assertTrue(output.contains("Authorization: ***"), "FFmpeg's request dumps were there, scrubbed");
            assertTrue(output.contains("input=rtsp://***@127.0.0.1:" + server.port() + "/test"));
            String basic = Base64.getEncoder().encodeToString(("operator:" + password).getBytes(StandardCharsets.UTF_8));
            for (String secret : List.of(password, basic, "operator:")) {
                assertFalse(output.contains(secret), secret + " reached the vertex's output");
            }
        }
    }
}
