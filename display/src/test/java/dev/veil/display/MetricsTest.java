package dev.veil.display;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.veil.display.protocol.IngestProtocol;
import dev.veil.frame.FrameCodec;
import dev.veil.frame.StageClock;
import dev.veil.frame.TestJpegs;
import dev.veil.frame.v1.Detection;
import dev.veil.frame.v1.DetectionStatus;
import dev.veil.frame.v1.DetectorPlacement;
import dev.veil.frame.v1.Frame;
import dev.veil.frame.v1.StageTiming;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@code GET /metrics} as Prometheus scrapes it: the text format, and the same numbers as the JSON stats. */
class MetricsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** One sample line of the text format: name, optional labels, value. */
    private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{[^}]*\\})? (\\S+)$");

    private static final String TOKEN = "ingest-token-0123456789";

    private DisplayServer server;

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void theCountersAreTheStatsInPrometheusTextFormat() throws Exception {
        server = new DisplayServer(new DisplayConfig("127.0.0.1", 0, Optional.of(TOKEN),
                DisplayConfig.DEFAULT_MAX_FRAME_BYTES, 0, Duration.ZERO, ViewAccess.open())).start();
        LoopbackClient client = new LoopbackClient(server.port());
        long captured = StageClock.nowMicros() - 250_000;
        Detection face = Detection.newBuilder().setXMax(0.5f).setYMax(0.5f).setScore(0.9f).build();
        for (long seq = 0; seq < 5; seq++) {
            Frame f = SinkFrames.mark(TestJpegs.frame("yard", seq, 32, 24).setCaptureTimeMicros(captured)
                    .setDetectionStatus(seq == 3 ? DetectionStatus.DETECTION_STATUS_FAILED : DetectionStatus.DETECTION_STATUS_OK)
                    .addDetections(face)
                    .setDetectedOn(DetectorPlacement.newBuilder().setDevice("cuda:0 Tesla T4").setRuntime("tensorrt 10.15.1 fp16"))
                    .addStages(StageTiming.newBuilder().setStage("inference").setStartMicros(captured).setEndMicros(captured + 9_000)))
                    .build();
            assertEquals(204, post(client, f, "blur").statusCode());
        }
        assertEquals(204, post(client, SinkFrames.mark(TestJpegs.frame("yard", 2, 32, 24).setCaptureTimeMicros(captured)
                .setDetectionStatus(DetectionStatus.DETECTION_STATUS_OK).setDetectedOn(DetectorPlacement.newBuilder()
                        .setDevice("cuda:0 Tesla T4").setRuntime("tensorrt 10.15.1 fp16"))).build(), "blur").statusCode()); // late
        assertEquals(204, post(client, SinkFrames.anonymized("debug", 0, 32, 24).build(), "boxes").statusCode());
        assertEquals(401, client.ingest(FrameCodec.encode(TestJpegs.frame("yard", 9, 32, 24).build()), null).statusCode());

        HttpResponse<String> scraped = client.get("/metrics");
        assertEquals(200, scraped.statusCode());
        assertTrue(scraped.headers().firstValue("Content-Type").orElse("").startsWith("text/plain; version=0.0.4"),
                scraped.headers().toString());
        String text = scraped.body();
        Map<String, Double> samples = parse(text);
        JsonNode yard = JSON.readTree(client.get("/api/streams/yard").body());

        assertTrue(text.contains("# TYPE veil_display_frames_received_total counter"), text);
        assertTrue(text.contains("# TYPE veil_display_latency_seconds summary"), text);
        assertTrue(text.contains("# HELP veil_display_frames_not_ok_total "), text);
        assertEquals(yard.get("framesReceived").asDouble(), samples.get("veil_display_frames_received_total{stream=\"yard\"}"));
        assertEquals(6.0, samples.get("veil_display_frames_received_total{stream=\"yard\"}"));
        assertEquals(5.0, samples.get("veil_display_frames_shown_total{stream=\"yard\"}"));
        assertEquals(1.0, samples.get("veil_display_frames_not_ok_total{stream=\"yard\"}"));
        assertEquals(1.0, samples.get("veil_display_frames_obscured_total{stream=\"yard\"}"), "the failed frame");
        assertEquals(0.0, samples.get("veil_display_frames_obscured_total{stream=\"debug\"}"));
        assertEquals(1.0, samples.get("veil_display_frames_late_total{stream=\"yard\"}"));
        assertEquals(0.0, samples.get("veil_display_frames_carried_total{stream=\"yard\"}"));
        assertEquals(yard.get("framesCarried").asDouble(), samples.get("veil_display_frames_carried_total{stream=\"yard\"}"));
        assertEquals(0.0, samples.get("veil_display_frames_missing_total{stream=\"yard\"}"));
        assertEquals(5.0, samples.get("veil_display_faces_total{stream=\"yard\"}"));
        assertEquals(1.0, samples.get("veil_display_faces_visible{stream=\"debug\"}"), "the boxes mode is flagged");
        assertEquals(0.0, samples.get("veil_display_faces_visible{stream=\"yard\"}"));
        assertEquals(2.0, samples.get("veil_display_streams"));
        assertEquals(1.0, samples.get("veil_display_detection_info{device=\"cuda:0 Tesla T4\",runtime=\"tensorrt 10.15.1 fp16\""
                + ",stream=\"yard\"}"), "where the yard's faces come from");
        assertEquals(1.0, samples.get("veil_display_detection_info{device=\"unknown\",runtime=\"unknown\",stream=\"debug\"}"));
        assertEquals("tensorrt 10.15.1 fp16", yard.get("detectionRuntime").asText());
        assertEquals(1.0, samples.get("veil_display_ingest_refused_total{reason=\"unauthorized\"}"));
        assertEquals(0.0, samples.get("veil_display_viewer_refused_total{reason=\"too_many_viewers\"}"));
        for (String reason : List.of("invalid", "locked_out", "unsupported_type", "too_large", "too_many_pixels",
                "implausible_time", "too_many_streams")) {
            assertEquals(0.0, samples.get("veil_display_ingest_refused_total{reason=\"" + reason + "\"}"), reason);
        }
        for (String reason : List.of("foreign_host", "foreign_origin", "too_slow", "too_large")) {
            assertEquals(0.0, samples.get("veil_display_request_refused_total{reason=\"" + reason + "\"}"), reason);
        }
        assertEquals(5.0, samples.get("veil_display_latency_seconds_count{stream=\"yard\"}"));
        double p50 = samples.get("veil_display_latency_seconds{stream=\"yard\",quantile=\"0.5\"}");
        assertEquals(yard.get("latency").get("p50Millis").asDouble() / 1000, p50, 1e-9);
        assertTrue(p50 >= 0.25, "captured 250 ms before it was shown: " + p50);
        assertEquals(0.009, samples.get("veil_display_stage_latency_seconds{stage=\"inference\",stream=\"yard\",quantile=\"0.99\"}"), 1e-9);
        assertEquals(0.045, samples.get("veil_display_stage_latency_seconds_sum{stage=\"inference\",stream=\"yard\"}"), 1e-9);
    }

    private static HttpResponse<String> post(LoopbackClient client, Frame frame, String mode) throws Exception {
        return client.http.send(HttpRequest.newBuilder(client.uri(IngestProtocol.PATH))
                .header("Authorization", "Bearer " + TOKEN).header(IngestProtocol.ANONYMIZATION_HEADER, mode)
                .header("Content-Type", IngestProtocol.CONTENT_TYPE)
                .POST(HttpRequest.BodyPublishers.ofByteArray(FrameCodec.encode(frame))).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** Every sample, keyed by name and labels as written. */
    static Map<String, Double> parse(String text) {
        Map<String, Double> samples = new HashMap<>();
        for (String line : text.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            Matcher m = SAMPLE.matcher(line);
            assertTrue(m.matches(), "not a sample line: " + line);
            samples.put(m.group(1) + (m.group(2) == null ? "" : m.group(2)), Double.parseDouble(m.group(3)));
        }
        return samples;
    }
}
