package dev.veil.display;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.veil.display.protocol.IngestProtocol;
import dev.veil.frame.FrameCodec;
import dev.veil.frame.JpegSize;
import dev.veil.frame.StageClock;
import dev.veil.frame.TestJpegs;
import dev.veil.frame.v1.Detection;
import dev.veil.frame.v1.DetectionStatus;
import dev.veil.frame.v1.Frame;
import dev.veil.frame.v1.StageTiming;
import dev.veil.testing.Await;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class DisplayServerTest {

    private static final Duration LIVENESS = Duration.ofSeconds(30);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<AutoCloseable> open = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
    }

    private LoopbackClient start(Optional<String> token) {
        return start(token, DisplayConfig.DEFAULT_MAX_FRAME_BYTES, Duration.ofSeconds(30));
    }

    private LoopbackClient start(Optional<String> token, int maxFrameBytes, Duration streamWait) {
        // No reorder window here, so a frame is on display as soon as it is ingested (ReorderingTest has the window).
        DisplayServer server = new DisplayServer(new DisplayConfig("127.0.0.1", 0, token, maxFrameBytes, 0,
                Duration.ZERO, ViewAccess.open()), streamWait, DisplayServer.STREAM_EXPIRY);
        open.add(server);
        server.start();
        assertTrue(server.port() > 0, "port 0 means any free port, and port() tells which");
        return new LoopbackClient(server.port());
    }

    private <T extends AutoCloseable> T closeLater(T closeable) {
        open.add(closeable);
        return closeable;
    }

    /** An anonymized frame as the sink sends it. */
    private static Frame frame(String stream, long sequence, int width, int height) {
        return SinkFrames.anonymized(stream, sequence, width, height).build();
    }

    private static byte[] jpeg(Frame frame) {
        return frame.getJpeg().toByteArray();
    }

    private static JsonNode json(HttpResponse<String> response) throws Exception {
        assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("application/json"));
        return JSON.readTree(response.body());
    }

    @Test
    void healthzSaysOk() throws Exception {
        LoopbackClient client = start(Optional.empty());
        HttpResponse<String> health = client.get("/healthz");
        assertEquals(200, health.statusCode());
        assertEquals("ok", health.body());
    }

    @Test
    void aViewerSeesTheIngestedFrameAndThenTheNextOne() throws Exception {
        LoopbackClient client = start(Optional.empty());
        Frame first = frame("cam-1", 0, 64, 48);
        assertEquals(204, client.ingest(first).statusCode());

        MjpegReader viewer = closeLater(client.video("cam-1"));
        assertEquals(200, viewer.status());
        assertArrayEquals(jpeg(first), viewer.nextPart(LIVENESS), "the part is the frame's JPEG, byte for byte");

        Frame second = frame("cam-1", 1, 96, 72);
        assertFalse(Arrays.equals(jpeg(first), jpeg(second)));
        assertEquals(204, client.ingest(second).statusCode());
        assertArrayEquals(jpeg(second), viewer.nextPart(LIVENESS));
    }

    @Test
    void aViewerThatArrivesBeforeTheFirstFrameGetsIt() throws Exception {
        LoopbackClient client = start(Optional.empty());
        CompletableFuture<MjpegReader> viewer = CompletableFuture.supplyAsync(() -> {
            try {
                return client.video("early");
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        // Wait until the viewer is really waiting on the server (its request thread parked for the stream's first
        // frame), so the frame does not simply arrive first.
        Await.someThreadWaitingIn(StreamRegistry.class, "await", LIVENESS);
        assertFalse(viewer.isDone(), "the viewer waits for the first frame");
        Frame frame = frame("early", 0, 64, 48);
        assertEquals(204, client.ingest(frame).statusCode());
        MjpegReader reader = closeLater(viewer.get(LIVENESS.toSeconds(), TimeUnit.SECONDS));
        assertEquals(200, reader.status());
        assertArrayEquals(jpeg(frame), reader.nextPart(LIVENESS));
    }

    @Test
    void anUnknownStreamIs404AfterABoundedWait() throws Exception {
        LoopbackClient client = start(Optional.empty(), DisplayConfig.DEFAULT_MAX_FRAME_BYTES, Duration.ofMillis(200));
        MjpegReader viewer = closeLater(client.video("nobody"));
        assertEquals(404, viewer.status());
        assertEquals(404, client.get("/api/streams/nobody").statusCode());
    }

    @Test
    void theTokenIsRequiredWhenConfigured() throws Exception {
        LoopbackClient client = start(Optional.of("s3cret-token-0123"));
        byte[] body = FrameCodec.encode(frame("private", 0, 64, 48));

        HttpResponse<String> missing = client.ingest(body, null);
        assertEquals(401, missing.statusCode());
        assertEquals("Bearer", missing.headers().firstValue("WWW-Authenticate").orElse(""));
        assertEquals(401, client.ingest(body, "Bearer wrong-token").statusCode());
        assertEquals(401, client.ingest(body, "Basic czNjcmV0LXRva2VuLTAxMjM=").statusCode());
        assertEquals(401, client.ingest(body, "Bearer s3cret-token-0123-and-more").statusCode());

        JsonNode refused = json(client.get("/api/streams"));
        assertEquals(0, refused.get("streams").size(), "nothing is displayed");
        assertEquals(4, refused.get("refused").get("unauthorized").asLong());
        assertEquals(404, client.get("/api/streams/private").statusCode());

        assertEquals(204, client.ingest(body, "Bearer s3cret-token-0123").statusCode());
        MjpegReader viewer = closeLater(client.video("private"));
        assertArrayEquals(jpeg(FrameCodec.decode(body)), viewer.nextPart(LIVENESS));
    }

    @Test
    void garbageIsRefusedWith400AndTheServerCarriesOn() throws Exception {
        LoopbackClient client = start(Optional.empty());
        byte[] garbage = "this is not a protobuf frame at all".getBytes(StandardCharsets.UTF_8);
        HttpResponse<String> refused = client.ingest(garbage, null);
        assertEquals(400, refused.statusCode());
        assertTrue(refused.body().startsWith("not a Veil frame"), refused.body());

        byte[] wrongSize = frame("cam", 0, 64, 48).toBuilder().setWidth(640).build().toByteArray();
        HttpResponse<String> lying = client.ingest(wrongSize, null);
        assertEquals(400, lying.statusCode());
        assertEquals("frame cam#0 declares 640x48 but its JPEG is 64x48", lying.body());

        assertEquals(400, client.ingest(new byte[0], null).statusCode());

        Frame good = frame("cam", 1, 64, 48);
        assertEquals(204, client.ingest(good).statusCode());
        assertEquals("ok", client.get("/healthz").body());
        JsonNode stats = json(client.get("/api/streams"));
        assertEquals(3, stats.get("refused").get("invalid").asLong());
        assertEquals(1, stats.get("streams").size());
        assertEquals(1, stats.get("streams").get(0).get("framesReceived").asLong());
        MjpegReader viewer = closeLater(client.video("cam"));
        assertArrayEquals(jpeg(good), viewer.nextPart(LIVENESS));
    }

    @Test
    void aBodyOverTheLimitIs413() throws Exception {
        LoopbackClient client = start(Optional.empty(), 4096, Duration.ofSeconds(1));
        Frame big = frame("cam", 0, 640, 480);
        assertTrue(big.getSerializedSize() > 4096, "the test frame must exceed the limit");
        HttpResponse<String> refused = client.ingest(big);
        assertEquals(413, refused.statusCode());

        // Without a Content-Length (chunked), the limit holds while reading.
        HttpRequest chunked = HttpRequest.newBuilder(client.uri(IngestProtocol.PATH))
                .header("Content-Type", IngestProtocol.CONTENT_TYPE)
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(big.toByteArray())))
                .build();
        assertEquals(413, client.http.send(chunked, HttpResponse.BodyHandlers.ofString()).statusCode());

        Frame small = frame("cam", 1, 32, 24);
        assertTrue(small.getSerializedSize() <= 4096);
        assertEquals(204, client.ingest(small).statusCode());
        JsonNode stats = json(client.get("/api/streams"));
        assertEquals(2, stats.get("refused").get("tooLarge").asLong());
        assertEquals(1, stats.get("streams").get(0).get("lastSequence").asLong());
    }

    @Test
    void twoStreamsAreListedOnTheIndexAndInTheApi() throws Exception {
        LoopbackClient client = start(Optional.empty());
        HttpResponse<String> empty = client.get("/");
        assertEquals(200, empty.statusCode());
        assertTrue(empty.body().contains("Waiting for frames"), empty.body());
        assertTrue(empty.body().contains("http-equiv=\"refresh\""), "reloads itself until a stream appears");

        assertEquals(204, client.ingest(frame("yard", 0, 64, 48)).statusCode());
        assertEquals(204, client.ingest(frame("front door", 0, 64, 48)).statusCode());

        HttpResponse<String> index = client.get("/");
        assertTrue(index.headers().firstValue("Content-Type").orElse("").startsWith("text/html"));
        assertTrue(index.body().contains("href=\"/view/yard\""), index.body());
        assertTrue(index.body().contains("href=\"/view/front%20door\""), index.body());
        assertFalse(index.body().contains("Waiting for frames"));
        assertFalse(index.body().contains("http-equiv=\"refresh\""));

        JsonNode streams = json(client.get("/api/streams")).get("streams");
        assertEquals(2, streams.size());
        assertEquals("front door", streams.get(0).get("stream").asText());
        assertEquals("yard", streams.get(1).get("stream").asText());

        HttpResponse<String> page = client.get("/view/front%20door");
        assertEquals(200, page.statusCode());
        assertTrue(page.body().contains("<img id=\"video\" src=\"/video/front%20door\""), page.body());
        assertTrue(page.body().contains("/api/streams/"), "the page polls the stats API");
        MjpegReader viewer = closeLater(client.video("front door"));
        assertEquals(200, viewer.status());
    }

    @Test
    void statsCountFramesAndMeasureLatency() throws Exception {
        LoopbackClient client = start(Optional.empty());
        long anHourAgo = StageClock.nowMicros() - 3_600_000_000L;
        Detection face = Detection.newBuilder().setXMin(0.1f).setYMin(0.1f).setXMax(0.3f).setYMax(0.4f)
                .setScore(0.9f).build();
        for (int seq = 0; seq < 4; seq++) {
            Frame f = SinkFrames.mark(TestJpegs.frame("cam", seq, 32, 24).setCaptureTimeMicros(anHourAgo)
                    .setDetectionStatus(DetectionStatus.DETECTION_STATUS_OK).addDetections(face).addDetections(face)
                    .addStages(StageTiming.newBuilder().setStage(StageClock.INFERENCE)
                            .setStartMicros(anHourAgo).setEndMicros(anHourAgo + 7_000)))
                    .build();
            assertEquals(204, client.ingest(f).statusCode());
        }
        // Failed closed upstream: counted, and shown obscured by the display, not as it came.
        Frame failed = frame("cam", 4, 32, 24).toBuilder().setCaptureTimeMicros(anHourAgo)
                .setDetectionStatus(DetectionStatus.DETECTION_STATUS_FAILED).setDetectionError("model error").build();
        assertEquals(204, client.ingest(failed).statusCode());
        // Late: sequence 2 again, after 4 was shown.
        Frame late = frame("cam", 2, 48, 32).toBuilder().setCaptureTimeMicros(anHourAgo).build();
        assertEquals(204, client.ingest(late).statusCode());

        JsonNode s = json(client.get("/api/streams/cam"));
        assertEquals("cam", s.get("stream").asText());
        assertEquals(6, s.get("framesReceived").asLong());
        assertEquals(5, s.get("framesShown").asLong());
        assertEquals(1, s.get("framesNotOk").asLong());
        assertEquals(1, s.get("framesObscured").asLong());
        assertEquals(1, s.get("framesLate").asLong());
        assertEquals(4, s.get("lastSequence").asLong());
        assertEquals(0, s.get("facesLastFrame").asInt());
        assertEquals(8.0 / 6.0, s.get("facesPerFrame").asDouble(), 1e-9);
        JsonNode latency = s.get("latency");
        assertEquals(5, latency.get("samples").asInt(), "the late frame is never shown, so it has no latency");
        // Display time minus a capture an hour ago: at least an hour, and not wildly more on any machine.
        assertTrue(latency.get("p50Millis").asDouble() >= 3_600_000.0, latency.toString());
        assertTrue(latency.get("p99Millis").asDouble() < 3_600_000.0 + 600_000.0, latency.toString());
        assertTrue(latency.get("p99Millis").asDouble() >= latency.get("p50Millis").asDouble());
        JsonNode inference = s.get("stageLatency").get(StageClock.INFERENCE);
        assertEquals(4, inference.get("samples").asInt());
        assertEquals(7.0, inference.get("p50Millis").asDouble());
        assertEquals(7.0, inference.get("p99Millis").asDouble());

        // The late frame is not on display: a new viewer gets sequence 4's picture, obscured.
        MjpegReader viewer = closeLater(client.video("cam"));
        byte[] shown = viewer.nextPart(LIVENESS);
        assertFalse(Arrays.equals(jpeg(failed), shown), "a failed frame is never shown as it came");
        assertEquals(new JpegSize(32, 24), JpegSize.of(shown));
    }

    @Test
    void aStalledViewerSlowsNeitherIngestNorOtherViewers() throws Exception {
        LoopbackClient client = start(Optional.empty());
        // Big pictures, so the stalled viewer's socket buffers fill and its writer really blocks.
        Frame big = frame("busy", 0, 1920, 1080);
        assertEquals(204, client.ingest(big).statusCode());

        Socket stalled = closeLater(new Socket());
        stalled.setReceiveBufferSize(4096);
        stalled.connect(new InetSocketAddress("127.0.0.1", client.uri("/").getPort()), 10_000);
        OutputStream request = stalled.getOutputStream();
        request.write("GET /video/busy HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        request.flush();
        // ...and never reads its input.

        CompletableFuture<Void> ingest = CompletableFuture.runAsync(() -> {
            try {
                for (int seq = 1; seq <= 300; seq++) {
                    Frame f = big.toBuilder().setSequence(seq).build();
                    HttpResponse<String> r = client.ingest(f);
                    if (r.statusCode() != 204) {
                        throw new AssertionError("frame " + seq + " got " + r.statusCode() + ": " + r.body());
                    }
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        ingest.get(120, TimeUnit.SECONDS); // a stalled viewer blocking ingest would hang here

        MjpegReader watcher = closeLater(client.video("busy"));
        Frame last = frame("busy", 301, 320, 240);
        assertEquals(204, client.ingest(last).statusCode());
        watcher.awaitPart(jpeg(last), LIVENESS);

        JsonNode s = json(client.get("/api/streams/busy"));
        assertEquals(302, s.get("framesReceived").asLong());
        assertEquals(301, s.get("lastSequence").asLong());
        assertEquals(2, s.get("viewers").asInt(), "the stalled viewer is still connected, stuck in a write");
    }

    @Test
    void theViewerPageEscapesTheStreamName() throws Exception {
        LoopbackClient client = start(Optional.empty());
        HttpResponse<String> page = client.get("/view/" + Pages.pathSegment("<script>alert(1)</script>"));
        assertEquals(200, page.statusCode());
        assertFalse(page.body().contains("<script>alert(1)"), page.body());
        assertTrue(page.body().contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    }

    @Test
    void closeLetsAWaitingViewerGo() throws Exception {
        DisplayServer server = new DisplayServer(new DisplayConfig("127.0.0.1", 0, Optional.empty(), 1 << 20));
        server.start();
        LoopbackClient client = new LoopbackClient(server.port());
        assertEquals(204, client.ingest(frame("cam", 0, 32, 24)).statusCode());
        MjpegReader viewer = client.video("cam");
        viewer.nextPart(LIVENESS);
        CompletableFuture<Void> closed = CompletableFuture.runAsync(server::close);
        closed.get(LIVENESS.toSeconds(), TimeUnit.SECONDS);
        ExecutionException ended = assertThrows(ExecutionException.class, () -> viewer.nextPart(LIVENESS));
        assertTrue(ended.getCause() instanceof IOException, ended.toString());
        viewer.close();
        HttpRequest after = HttpRequest.newBuilder(client.uri("/healthz")).timeout(Duration.ofSeconds(5)).build();
        assertTrue(client.http.sendAsync(after, HttpResponse.BodyHandlers.ofString())
                .handle((r, e) -> e != null).get(10, TimeUnit.SECONDS), "nothing answers once closed");
    }

    @Test
    void aViewerThatLeavesIsCleanedUp() throws Exception {
        LoopbackClient client = start(Optional.empty());
        Frame frame = frame("cam", 0, 64, 48);
        assertEquals(204, client.ingest(frame).statusCode());
        MjpegReader viewer = client.video("cam");
        viewer.nextPart(LIVENESS);
        assertEquals(1, json(client.get("/api/streams/cam")).get("viewers").asInt());
        viewer.close();

        // The server notices when a write fails; keep frames coming until it has.
        long[] seq = {1};
        int[] viewers = {1};
        Await.until(() -> "the viewer's thread and slot given back; viewers still counted: " + viewers[0], LIVENESS,
                () -> (viewers[0] = viewersAfterAnotherFrame(client, frame.toBuilder().setSequence(seq[0]++).build()))
                        == 0);
    }

    /** Ingests {@code frame}, then reads how many viewers its stream has. */
    private static int viewersAfterAnotherFrame(LoopbackClient client, Frame frame) {
        try {
            assertEquals(204, client.ingest(frame).statusCode());
            return json(client.get("/api/streams/" + frame.getStreamId())).get("viewers").asInt();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void theNumberOfStreamsIsBounded() throws Exception {
        LoopbackClient client = start(Optional.empty());
        for (int i = 0; i < DisplayServer.MAX_STREAMS; i++) {
            assertEquals(204, client.ingest(frame("s" + i, 0, 16, 16)).statusCode());
        }
        HttpResponse<String> refused = client.ingest(frame("one-too-many", 0, 16, 16));
        assertEquals(503, refused.statusCode());
        assertEquals(204, client.ingest(frame("s0", 1, 16, 16)).statusCode(), "known streams carry on");
        JsonNode stats = json(client.get("/api/streams"));
        assertEquals(DisplayServer.MAX_STREAMS, stats.get("streams").size());
        assertEquals(1, stats.get("refused").get("tooManyStreams").asLong());
    }
}
