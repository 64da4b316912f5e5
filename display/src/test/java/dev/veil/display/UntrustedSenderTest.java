package dev.veil.display;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.ByteString;
import dev.veil.config.RefusalLog;
import dev.veil.display.protocol.IngestProtocol;
import dev.veil.frame.FrameCodec;
import dev.veil.frame.JpegCodec;
import dev.veil.frame.JpegSize;
import dev.veil.frame.StageClock;
import dev.veil.frame.TestJpegs;
import dev.veil.frame.v1.DetectionStatus;
import dev.veil.frame.v1.Frame;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import javax.imageio.ImageIO;
import org.bytedeco.opencv.opencv_core.Mat;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * A sender that is not a well-behaved sink, probing the display: frames the sink did not mark anonymized, forged
 * sequences and capture times, floods of stream ids, huge pictures, stream ids that forge log lines or spoof names.
 * Each test reproduces the attack over real HTTP and checks that it no longer works.
 */
class UntrustedSenderTest {

    private static final Duration LIVENESS = Duration.ofSeconds(30);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** How long a retrying sink pauses between two tries of a refused frame. */
    private static final Duration SINK_RETRY_PAUSE = Duration.ofMillis(50);
    private static final long TEN_YEARS_MICROS = 10L * 365 * 24 * 3600 * 1_000_000;

    private DisplayServer server;
    private LoopbackClient client;
    private final List<AutoCloseable> open = new ArrayList<>();
    private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
    private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);

    @BeforeEach
    void captureLogs() {
        logs.start();
        root.addAppender(logs);
    }

    @AfterEach
    void stop() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
        if (server != null) {
            server.close();
        }
        root.detachAppender(logs);
    }

    /** Open on loopback (the test is the only one on this host), no reorder window, streams expiring as given. */
    private void start(Duration streamExpiry) {
        server = new DisplayServer(new DisplayConfig("127.0.0.1", 0, Optional.empty(),
                DisplayConfig.DEFAULT_MAX_FRAME_BYTES, 0, Duration.ZERO, ViewAccess.open()), Duration.ofSeconds(30),
                streamExpiry).start();
        client = new LoopbackClient(server.port());
    }

    private void start() {
        start(DisplayServer.STREAM_EXPIRY);
    }

    private <T extends AutoCloseable> T closeLater(T closeable) {
        open.add(closeable);
        return closeable;
    }

    private JsonNode streams() throws Exception {
        return JSON.readTree(client.get("/api/streams").body());
    }

    private HttpResponse<String> post(Frame frame, String anonymization) throws Exception {
        return client.http.send(HttpRequest.newBuilder(client.uri(IngestProtocol.PATH))
                .header("Content-Type", IngestProtocol.CONTENT_TYPE).header(IngestProtocol.ANONYMIZATION_HEADER, anonymization)
                .POST(HttpRequest.BodyPublishers.ofByteArray(frame.toByteArray())).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** The largest step in brightness between two neighbouring pixels: edges and detail make it large. */
    private static int sharpestEdge(byte[] jpeg) throws IOException {
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(jpeg));
        int sharpest = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 1; x < image.getWidth(); x++) {
                sharpest = Math.max(sharpest, Math.abs(luma(image.getRGB(x, y)) - luma(image.getRGB(x - 1, y))));
            }
        }
        return sharpest;
    }

    private static int luma(int rgb) {
        return (299 * ((rgb >> 16) & 255) + 587 * ((rgb >> 8) & 255) + 114 * (rgb & 255)) / 1000;
    }

    /** The picture a viewer of {@code stream} is served now. */
    private byte[] served(String stream) throws Exception {
        MjpegReader viewer = closeLater(client.video(stream));
        assertEquals(200, viewer.status());
        return viewer.nextPart(LIVENESS);
    }

    // --- frames the sink did not mark anonymized --------------------------------------------------------------

    @Test
    void aFailedOrNotRunFrameIsNeverServedAsSentWhateverItsHeaderClaims() throws Exception {
        start();
        for (DetectionStatus status : List.of(DetectionStatus.DETECTION_STATUS_FAILED,
                DetectionStatus.DETECTION_STATUS_NOT_RUN)) {
            // Even with the sink's stage last and "blur" claimed: the faces of such a frame are not known.
            Frame raw = SinkFrames.mark(TestJpegs.frame("cam-" + status.getNumber(), 0, 320, 240)
                    .setDetectionStatus(status)).build();
            assertTrue(sharpestEdge(raw.getJpeg().toByteArray()) > 100, "the test picture has sharp edges");
            assertEquals(204, post(raw, "blur").statusCode(), "taken: a sink obscuring a failed frame is not refused");

            byte[] shown = served(raw.getStreamId());
            assertFalse(Arrays.equals(raw.getJpeg().toByteArray(), shown), status + " served byte for byte");
            assertEquals(new JpegSize(320, 240), JpegSize.of(shown), "obscured at its own size");
            assertTrue(sharpestEdge(shown) < 40, status + ": the served picture keeps detail " + sharpestEdge(shown));
        }
        JsonNode streams = streams().get("streams");
        for (JsonNode s : streams) {
            assertEquals(1, s.get("framesObscured").asLong(), s.toString());
            assertEquals(1, s.get("framesNotOk").asLong(), s.toString());
        }
        assertTrue(client.get("/metrics").body().contains("veil_display_frames_obscured_total{stream=\"cam-2\"} 1.0"));
    }

    @Test
    void aFrameThatNoSinkMarkedIsObscuredEvenWithDetectionOk() throws Exception {
        start();
        // Inference's output posted straight to the display: faces found, none hidden, no sink stage.
        Frame fromInference = TestJpegs.frame("cam", 0, 320, 240).setDetectionStatus(DetectionStatus.DETECTION_STATUS_OK)
                .addStages(StageClock.stage(StageClock.INFERENCE, StageClock.nowMicros())).build();
        assertEquals(204, post(fromInference, "blur").statusCode());
        byte[] shown = served("cam");
        assertFalse(Arrays.equals(fromInference.getJpeg().toByteArray(), shown));
        assertTrue(sharpestEdge(shown) < 40);

        // A sink's stage that is not the last one does not count either.
        Frame sinkThenMore = SinkFrames.anonymized("cam", 1, 320, 240)
                .addStages(StageClock.stage("after-the-sink", StageClock.nowMicros())).build();
        assertEquals(204, post(sinkThenMore, "blur").statusCode());
        assertEquals(2, JSON.readTree(client.get("/api/streams/cam").body()).get("framesObscured").asLong());

        Frame marked = SinkFrames.anonymized("cam", 2, 320, 240).build();
        assertEquals(204, post(marked, "blur").statusCode());
        MjpegReader viewer = closeLater(client.video("cam"));
        viewer.awaitPart(marked.getJpeg().toByteArray(), LIVENESS);
        assertEquals(2, JSON.readTree(client.get("/api/streams/cam").body()).get("framesObscured").asLong(),
                "the marked frame is shown as sent");
    }

    @Test
    void aSinkInThisProcessCannotShowAnUnmarkedFrameEither() throws Exception {
        start();
        Frame raw = TestJpegs.frame("local", 0, 320, 240).build(); // NOT_RUN, as the source emits it
        try (Mat pixels = JpegCodec.decode(raw.getJpeg().toByteArray())) {
            server.show(raw.toBuilder().clearJpeg().build(), raw.getDetectionsCount(), pixels, 90, "blur");
        }
        byte[] shown = served("local");
        assertFalse(Arrays.equals(raw.getJpeg().toByteArray(), shown));
        assertTrue(sharpestEdge(shown) < 40);
    }

    @Test
    void aSinkInThisProcessGivesItsFacesAsACountAndCannotGiveANegativeOne() throws Exception {
        start();
        Frame marked = SinkFrames.anonymized("local", 0, 320, 240).build();
        try (Mat pixels = JpegCodec.decode(marked.getJpeg().toByteArray())) {
            Frame meta = marked.toBuilder().clearJpeg().clearDetections().build();
            server.show(meta, 1234, pixels, 90, "blur");
            assertThrows(IllegalArgumentException.class, () -> server.show(meta, -1, pixels, 90, "blur"));
        }
        var stream = JSON.readTree(client.get("/api/streams/local").body());
        assertEquals(1234, stream.get("facesLastFrame").asInt());
        assertEquals(1234, stream.get("facesTotal").asLong());
        assertEquals(1, stream.get("framesReceived").asLong(), "the refused call counted nothing");
    }

    // --- forged sequences and capture times -------------------------------------------------------------------

    @Test
    void aForgedFrameFromTheFutureIsRefusedAndTheRealFramesGoOn() throws Exception {
        start();
        for (long seq = 0; seq < 5; seq++) {
            assertEquals(204, client.ingest(SinkFrames.anonymized("cam", seq, 64, 48).build()).statusCode());
        }
        Frame forged = SinkFrames.anonymized("cam", 1_000_000_000_000_000L, 96, 72)
                .setCaptureTimeMicros(StageClock.nowMicros() + TEN_YEARS_MICROS).build();
        HttpResponse<String> refused = client.ingest(forged);
        assertEquals(422, refused.statusCode());
        assertTrue(refused.body().contains("ahead of this display's clock"), refused.body());

        Frame last = null;
        for (long seq = 5; seq < 10; seq++) {
            last = SinkFrames.anonymized("cam", seq, 64 + (int) seq, 48).build();
            assertEquals(204, client.ingest(last).statusCode());
        }
        JsonNode cam = JSON.readTree(client.get("/api/streams/cam").body());
        assertEquals(9, cam.get("lastSequence").asLong());
        assertEquals(0, cam.get("framesLate").asLong(), "no real frame is taken for a late one");
        assertArrayEquals(last.getJpeg().toByteArray(), served("cam"), "the viewer sees the real stream");
        assertEquals(1, streams().get("refused").get("implausibleTime").asLong());
    }

    @Test
    void aForgedHugeSequenceIsShownOnceAndTheRealStreamTakesItsPlaceBack() throws Exception {
        start();
        for (long seq = 0; seq < 5; seq++) {
            assertEquals(204, client.ingest(SinkFrames.anonymized("cam", seq, 64, 48).build()).statusCode());
        }
        // Within the clock tolerance: taken, and the jump restarts the stream's order at it.
        Frame forged = SinkFrames.anonymized("cam", 1_000_000_000_000_000L, 96, 72)
                .setCaptureTimeMicros(StageClock.nowMicros() + 5_000_000).build();
        assertEquals(204, client.ingest(forged).statusCode());
        assertEquals(1_000_000_000_000_000L, JSON.readTree(client.get("/api/streams/cam").body())
                .get("lastSequence").asLong());

        Frame last = null;
        for (long seq = 5; seq < 10; seq++) {
            last = SinkFrames.anonymized("cam", seq, 64 + (int) seq, 48).build();
            assertEquals(204, client.ingest(last).statusCode());
        }
        JsonNode cam = JSON.readTree(client.get("/api/streams/cam").body());
        assertEquals(9, cam.get("lastSequence").asLong(), "the real frames are on display again: " + cam);
        assertEquals(0, cam.get("framesLate").asLong(), "not one real frame was taken for a late one");
        assertEquals(2, cam.get("restarts").asLong(), "the jump there and the jump back");
        assertArrayEquals(last.getJpeg().toByteArray(), served("cam"));
    }

    // --- floods of stream ids ---------------------------------------------------------------------------------

    @Test
    void idsThatStopComingDoNotKeepANewCameraOut() throws Exception {
        start(Duration.ofSeconds(1));
        for (int i = 0; i < DisplayServer.MAX_STREAMS; i++) {
            assertEquals(204, client.ingest(SinkFrames.anonymized("forged-" + i, 0, 16, 16).build()).statusCode());
        }
        // The forged ids send nothing more; the new camera keeps trying, as a sink does (Numaflow retries).
        long deadline = System.nanoTime() + LIVENESS.toNanos();
        int refused = 0;
        int status;
        while ((status = client.ingest(SinkFrames.anonymized("new-camera", 0, 16, 16).build()).statusCode()) == 503) {
            refused++;
            assertTrue(System.nanoTime() < deadline, "the new camera was kept out for good");
            pauseAsASinkDoesBeforeRetrying();
        }
        assertEquals(204, status);
        JsonNode all = streams();
        assertEquals(refused, all.get("refused").get("tooManyStreams").asLong());
        assertTrue(all.get("streams").size() <= DisplayServer.MAX_STREAMS);
        assertTrue(client.get("/api/streams/new-camera").statusCode() == 200);
    }

    /**
     * A sink's pause before it retries a refused write. Real time on purpose: what the new camera waits for is the
     * display's stream expiry (1 s in that test), which the forged ids must pass idle before a slot is free.
     */
    private static void pauseAsASinkDoesBeforeRetrying() throws InterruptedException {
        Thread.sleep(SINK_RETRY_PAUSE.toMillis());
    }

    // --- pictures too large to decode -------------------------------------------------------------------------

    /** A JPEG header that declares a size, and no picture: a few hundred bytes that claim any number of pixels. */
    private static byte[] declaring(int width, int height) throws Exception {
        byte[] real = TestJpegs.jpeg(16, 16);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int at = 2;
        out.write(real, 0, 2);
        while (true) {
            int marker = real[at + 1] & 0xff;
            int length = ((real[at + 2] & 0xff) << 8) | (real[at + 3] & 0xff);
            byte[] segment = Arrays.copyOfRange(real, at, at + 2 + length);
            if (marker == 0xC0 || marker == 0xC2) {
                segment[5] = (byte) (height >> 8);
                segment[6] = (byte) height;
                segment[7] = (byte) (width >> 8);
                segment[8] = (byte) width;
                out.write(segment);
                break;
            }
            out.write(segment);
            at += 2 + length;
        }
        out.write(new byte[] {(byte) 0xFF, (byte) 0xD9});
        byte[] jpeg = out.toByteArray();
        assertEquals(new JpegSize(width, height), JpegSize.of(jpeg));
        return jpeg;
    }

    @Test
    void aJpegThatDeclares16384x16384IsRefused() throws Exception {
        start();
        byte[] bomb = declaring(16_384, 16_384);
        assertTrue(bomb.length < 1024, "a few hundred bytes: " + bomb.length);
        Frame frame = SinkFrames.anonymized("bomb", 0, 16, 16).setWidth(16_384).setHeight(16_384)
                .setJpeg(ByteString.copyFrom(bomb)).build();
        FrameCodec.validate(frame); // valid as far as the wire format goes
        HttpResponse<String> refused = client.ingest(frame);
        assertEquals(413, refused.statusCode());
        assertTrue(refused.body().contains("268435456 pixels, more than 33177600"), refused.body());
        assertEquals(404, client.get("/api/streams/bomb").statusCode(), "nothing of it is shown");
        assertEquals(1, streams().get("refused").get("tooManyPixels").asLong());
        IOException local;
        try (Mat tiny = new Mat(16, 16, org.bytedeco.opencv.global.opencv_core.CV_8UC3)) {
            local = assertThrows(IOException.class, () -> server.show(frame.toBuilder().clearJpeg().build(),
                    frame.getDetectionsCount(), tiny, 90, "blur"));
        }
        assertTrue(local.getMessage().contains("more than 33177600"), local.getMessage());

        Frame justOver = SinkFrames.anonymized("bomb", 0, 16, 16).setWidth(7_681).setHeight(4_320)
                .setJpeg(ByteString.copyFrom(declaring(7_681, 4_320))).build();
        assertEquals(413, client.ingest(justOver).statusCode());
        Frame eightK = SinkFrames.anonymized("8k", 0, 16, 16).setWidth(7_680).setHeight(4_320)
                .setJpeg(ByteString.copyFrom(declaring(7_680, 4_320))).build();
        assertEquals(204, client.ingest(eightK).statusCode(), "8K itself is a picture a display may show");
    }

    // --- stream ids that forge log lines or spoof names -------------------------------------------------------

    private List<String> renderedLogLines() {
        List<String> lines = new ArrayList<>();
        synchronized (logs) {
            for (ILoggingEvent e : logs.list) {
                StringBuilder line = new StringBuilder(e.getFormattedMessage());
                if (e.getKeyValuePairs() != null) {
                    e.getKeyValuePairs().forEach(kv -> line.append(' ').append(kv.key).append('=').append(kv.value));
                }
                lines.add(line.toString());
            }
        }
        return lines;
    }

    @Test
    void aStreamIdWithANewlineCannotForgeALogLine() throws Exception {
        start();
        String forging = "cam\n2026-12-01T10:00:00.000Z INFO  [main] DisplaySink all faces hidden\r\u2028";
        // FrameCodec's own message quotes the id (here: a declared size its JPEG does not have)...
        Frame lying = SinkFrames.anonymized(forging, 1, 16, 16).setWidth(17).build();
        HttpResponse<String> invalid = client.ingest(lying.toByteArray(), null);
        assertEquals(400, invalid.statusCode());
        assertFalse(invalid.body().contains("\n"), invalid.body());
        // ...and so does the display's refusal of the id itself.
        HttpResponse<String> refused = client.ingest(SinkFrames.anonymized(forging, 0, 16, 16).build());
        assertEquals(400, refused.statusCode());
        assertTrue(refused.body().startsWith("stream id cam\\n2026-12-01T10:00:00.000Z INFO  [main] DisplaySink"),
                refused.body());

        List<String> lines = renderedLogLines().stream().filter(l -> l.startsWith("ingest refused")).toList();
        assertEquals(1, lines.size(), "one line for the kind, the second refusal counted (see the rate limit)");
        assertTrue(lines.get(0).contains("reason=frame cam\\n2026-12-01T10:00:00.000Z INFO  [main] DisplaySink all"
                + " faces hidden\\r\\u2028#1 declares 17x16"), lines.get(0));
        for (String line : renderedLogLines()) {
            assertFalse(line.contains("\n") || line.contains("\r") || line.contains("\u2028"), "raw line break: " + line);
        }
        assertEquals(0, streams().get("streams").size());
    }

    @Test
    void bidirectionalControlsInAStreamIdAreRefusedSoNoNameCanPassForAnother() throws Exception {
        start();
        assertEquals(204, client.ingest(SinkFrames.anonymized("lobby", 0, 16, 16).build()).statusCode());
        // U+202E turns "ybbol" into what reads "lobby" in a list; U+2066..2069 and the marks do similar things.
        for (String spoof : List.of("\u202Eybbol", "lob\u2066by\u2069", "\u200Flobby", "lobby\u061C", "lobby\u0085")) {
            HttpResponse<String> refused = client.ingest(SinkFrames.anonymized(spoof, 0, 16, 16).build());
            assertEquals(400, refused.statusCode(), spoof);
            assertTrue(refused.body().contains("control or bidirectional-control characters"), refused.body());
        }
        assertEquals(400, client.ingest(SinkFrames.anonymized("x".repeat(257), 0, 16, 16).build()).statusCode(),
                "a name, not a page of text");
        JsonNode all = streams();
        assertEquals(1, all.get("streams").size());
        assertEquals("lobby", all.get("streams").get(0).get("stream").asText());
        assertEquals(6, all.get("refused").get("invalid").asLong());
        assertFalse(client.get("/").body().contains("\u202E"));
        assertEquals(404, client.get("/view/" + Pages.pathSegment("\u202Eybbol")).statusCode(),
                "no page titled with a spoofing name");
    }

    // --- floods of refusals in the log ------------------------------------------------------------------------

    @Test
    void refusalsAreLoggedOncePerWindowWithTheRestCounted() throws Exception {
        start();
        long started = System.nanoTime();
        for (int i = 0; i < 200; i++) {
            assertEquals(400, client.ingest(("garbage " + i).getBytes(), null).statusCode());
        }
        long windows = 1 + (System.nanoTime() - started) / RefusalLog.WINDOW.toNanos();
        long lines = logs.list.stream().filter(e -> e.getLevel() == Level.WARN)
                .filter(e -> e.getFormattedMessage().equals(IngestRefusal.INVALID.logMessage)).count();
        assertTrue(lines >= 1 && lines <= windows, lines + " WARN lines for 200 refusals in " + windows + " window(s)");
        assertEquals(200, streams().get("refused").get("invalid").asLong(), "every refusal is counted");
    }
}
