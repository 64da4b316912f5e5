package dev.veil.sink;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.ByteString;
import dev.veil.display.DisplayConfig;
import dev.veil.display.DisplayServer;
import dev.veil.display.MjpegReader;
import dev.veil.display.ViewAccess;
import dev.veil.frame.FrameCodec;
import dev.veil.frame.InvalidFrameException;
import dev.veil.frame.JpegCodec;
import dev.veil.frame.StageClock;
import dev.veil.frame.v1.DetectionStatus;
import dev.veil.frame.v1.Frame;
import io.numaproj.numaflow.sinker.GRPCConfig;
import io.numaproj.numaflow.sinker.ResponseList;
import io.numaproj.numaflow.sinker.SinkerTestKit;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.bytedeco.opencv.opencv_core.Mat;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Faults injected before the sink, checked where a leak would be seen: the pictures the real display server
 * serves to a viewer, and the MP4 segments the sink writes. The photograph is a real face; a picture counts as
 * anonymized when the face's fine detail is gone. The same check is shown to catch a face that is not hidden.
 */
class FaultInjectionTest {

    private static final Duration LIVENESS = Duration.ofSeconds(30);
    private static final String TOKEN = "ingest-token-for-the-test";
    private static final ObjectMapper JSON = new ObjectMapper();
    /** A picture whose face keeps more than this share of the original's detail counts as showing the face. */
    private static final double LEAK_RATIO = 0.2;

    @TempDir
    Path archive;

    private final byte[] photo = Photos.astronautJpeg();
    private double faceDetail;
    private DisplayServer display;
    private DisplaySink sink;
    private SinkerTestKit kit;
    private SinkerTestKit.Client client;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private long captured = StageClock.nowMicros();

    @BeforeEach
    void start() throws Exception {
        try (Mat original = JpegCodec.decode(marked(0))) {
            faceDetail = AnonymizerTest.detail(original, Photos.ASTRONAUT_FACE);
        }
        // No reordering: each frame is on display as soon as its POST is answered, so every picture is seen.
        display = new DisplayServer(new DisplayConfig("127.0.0.1", 0, Optional.of(TOKEN),
                DisplayConfig.DEFAULT_MAX_FRAME_BYTES, 0, Duration.ZERO, ViewAccess.open())).start();
    }

    @AfterEach
    void stop() throws Exception {
        if (client != null) {
            client.close();
            kit.stopServer();
        }
        if (sink != null) {
            sink.close();
        }
        display.close();
    }

    @Test
    void noFaultLetsAFaceThroughToTheViewerOrTheArchive() throws Exception {
        serve(FailurePolicy.BLUR_WHOLE_FRAME);
        List<byte[]> faults = new ArrayList<>();
        faults.add(frame(0, DetectionStatus.DETECTION_STATUS_OK, true).toByteArray()); // the normal case
        faults.add(frame(1, DetectionStatus.DETECTION_STATUS_FAILED, false).toByteArray());
        faults.add(frame(2, DetectionStatus.DETECTION_STATUS_NOT_RUN, false).toByteArray());
        faults.add(withoutDetection(3).toByteArray()); // never went through inference: no status, no detections
        faults.add("garbage, not a frame at all".getBytes());
        faults.add(withStatusValue(frame(5, DetectionStatus.DETECTION_STATUS_OK, true), 7)); // a status no one knows
        faults.add(frame(6, DetectionStatus.DETECTION_STATUS_OK, true).toBuilder()
                .setJpeg(ByteString.copyFrom(headerOnly(photo))).build().toByteArray()); // a JPEG that does not decode
        faults.add(frame(7, DetectionStatus.DETECTION_STATUS_FAILED, false).toBuilder()
                .setJpeg(ByteString.copyFrom(Arrays.copyOf(photo, photo.length / 2))).build().toByteArray()); // cut short:
        // OpenCV refuses a JPEG cut short, so this one is dropped too; were it decoded, it would be obscured whole.
        faults.add(frame(8, DetectionStatus.DETECTION_STATUS_OK, true).toByteArray());

        List<byte[]> seen = watch(faults);

        assertEquals(5, seen.size(), "shown: the two good frames, and the three whose faces were unknown, obscured");
        for (int i = 0; i < seen.size(); i++) {
            assertAnonymized(seen.get(i), "picture " + i + " the viewer got");
        }
        SinkStats stats = sink.stats();
        assertEquals(4, stats.invalid(), "garbage, the unknown status and the two JPEGs that do not decode");
        assertEquals(4, stats.failedClosed(), "the frames whose faces were unknown, the one cut short included");
        JsonNode cam = streamStats();
        assertEquals(5, cam.get("framesReceived").asLong(), "nothing else reached the display");
        assertEquals(3, cam.get("framesNotOk").asLong());
        assertEquals(0, json("/api/streams").get("refused").get("invalid").asLong(), "the sink never sent garbage on");

        sink.close();
        List<Path> segments = Mp4Reader.segments(archive.resolve("cam"));
        assertEquals(1, segments.size());
        try (Mp4Reader.Video video = Mp4Reader.read(segments.get(0))) {
            assertEquals(5, video.pictures().size(), "every frame shown is archived, once");
            for (int i = 0; i < video.pictures().size(); i++) {
                assertAnonymized(video.pictures().get(i), "picture " + i + " of " + segments.get(0).getFileName());
            }
        }
    }

    @Test
    void theDropPolicyShowsAndWritesNothingOfAFrameWhoseFacesAreUnknown() throws Exception {
        serve(FailurePolicy.DROP);
        List<byte[]> seen = watch(List.of(
                frame(0, DetectionStatus.DETECTION_STATUS_FAILED, false).toByteArray(),
                frame(1, DetectionStatus.DETECTION_STATUS_NOT_RUN, false).toByteArray(),
                withoutDetection(2).toByteArray(),
                frame(3, DetectionStatus.DETECTION_STATUS_OK, true).toByteArray()));

        assertEquals(1, seen.size());
        assertAnonymized(seen.get(0), "the one good frame");
        assertEquals(3, streamStats().get("lastSequence").asLong());
        assertEquals(1, streamStats().get("framesReceived").asLong());
        sink.close();
        try (Mp4Reader.Video video = Mp4Reader.read(Mp4Reader.segments(archive.resolve("cam")).get(0))) {
            assertEquals(1, video.pictures().size());
            assertAnonymized(video.pictures().get(0), "the archived picture");
        }
    }

    @Test
    void theCheckCatchesAFaceThatIsNotHidden() throws Exception {
        // Straight to the display, past the sink, as a sink that failed to hide the face would send it (its stage
        // last): the same reading and the same measure must see the face.
        Frame raw = frame(0, DetectionStatus.DETECTION_STATUS_OK, true).toBuilder().setStreamId("control")
                .addStages(StageClock.stage(StageClock.SINK, StageClock.nowMicros())).build();
        HttpResponse<String> posted = http.send(HttpRequest.newBuilder(uri("/ingest"))
                .header("Authorization", "Bearer " + TOKEN).header("Content-Type", "application/x-protobuf")
                .POST(HttpRequest.BodyPublishers.ofByteArray(FrameCodec.encode(raw))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(204, posted.statusCode());
        try (MjpegReader viewer = new MjpegReader(http, uri("/video/control"))) {
            byte[] part = viewer.nextPart(LIVENESS);
            assertArrayEquals(raw.getJpeg().toByteArray(), part);
            try (Mat picture = JpegCodec.decode(part)) {
                double ratio = AnonymizerTest.detail(picture, Photos.ASTRONAUT_FACE) / faceDetail;
                assertTrue(ratio > LEAK_RATIO, "an unhidden face keeps " + ratio + " of its detail");
            }
        }
    }

    /** Sends each message as its own request and collects every new picture the viewer is served. */
    private List<byte[]> watch(List<byte[]> messages) throws Exception {
        List<byte[]> seen = new ArrayList<>();
        MjpegReader viewer = null;
        try {
            long shown = 0;
            for (int i = 0; i < messages.size(); i++) {
                ResponseList responses = send(i, messages.get(i));
                assertTrue(responses.getResponses().get(0).getSuccess(), "every fault is acknowledged, none retried");
                long nowShown = display.streamSnapshots().streams().stream().filter(s -> s.stream().equals("cam"))
                        .mapToLong(s -> s.framesShown()).findFirst().orElse(0);
                if (nowShown > shown) {
                    if (viewer == null) {
                        viewer = new MjpegReader(http, uri("/video/cam"));
                        assertEquals(200, viewer.status());
                    }
                    seen.add(nextNewPart(viewer, seen.isEmpty() ? null : seen.get(seen.size() - 1)));
                    shown = nowShown;
                }
            }
        } finally {
            if (viewer != null) {
                viewer.close();
            }
        }
        return seen;
    }

    /** The next part that is not the previous picture sent again (the server repeats it while nothing new comes). */
    private static byte[] nextNewPart(MjpegReader viewer, byte[] previous) throws Exception {
        long deadline = System.nanoTime() + LIVENESS.toNanos();
        while (true) {
            byte[] part = viewer.nextPart(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
            if (previous == null || !Arrays.equals(previous, part)) {
                return part;
            }
        }
    }

    private void assertAnonymized(byte[] jpeg, String what) throws InvalidFrameException {
        try (Mat picture = JpegCodec.decode(jpeg)) {
            assertAnonymized(picture, what);
        }
    }

    private void assertAnonymized(Mat picture, String what) {
        assertEquals(512, picture.cols(), what);
        double ratio = AnonymizerTest.detail(picture, Photos.ASTRONAUT_FACE) / faceDetail;
        assertTrue(ratio < LEAK_RATIO, what + ": the face keeps " + ratio + " of its detail");
    }

    private void serve(FailurePolicy policy) throws Exception {
        SinkConfig config = new SinkConfig(URI.create("http://127.0.0.1:" + display.port()), Optional.of(TOKEN),
                AnonymizerConfig.of(AnonymizeMode.BLUR, false), policy, 90, Duration.ofSeconds(5), Optional.empty(),
                25, Optional.of(archive), Duration.ofSeconds(60), H264EncoderChoice.AUTO);
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        sink = new DisplaySink(config);
        kit = new SinkerTestKit(sink, GRPCConfig.newBuilder().port(port).isLocal(true).build());
        kit.startServer();
        client = new SinkerTestKit.Client("localhost", port);
    }

    private ResponseList send(int id, byte[] value) {
        SinkerTestKit.TestListIterator datums = new SinkerTestKit.TestListIterator();
        datums.addDatum(SinkerTestKit.TestDatum.builder().id("d" + id).value(value).keys(new String[] {"cam"})
                .eventTime(Instant.now()).watermark(Instant.now()).build());
        return client.sendRequest(datums);
    }

    private Frame frame(long sequence, DetectionStatus status, boolean withFace) {
        Frame.Builder f = withoutDetection(sequence).toBuilder().setDetectionStatus(status);
        if (withFace) {
            f.addDetections(Photos.detection(Photos.ASTRONAUT_FACE, 512, 512, 0.93f));
        }
        return f.build();
    }

    /** A frame as the source emits it: the detection fields never set. */
    private Frame withoutDetection(long sequence) {
        captured += 40_000;
        return Frame.newBuilder().setStreamId("cam").setSequence(sequence).setPtsMicros(sequence * 40_000)
                .setCaptureTimeMicros(captured).setWidth(512).setHeight(512)
                .setJpeg(ByteString.copyFrom(marked(sequence))).build();
    }

    /**
     * The photograph with a square far from the face whose colour tells the frame, so that no two frames are the
     * same picture, even obscured whole, and the viewer can tell a new frame from the last one sent again.
     */
    private byte[] marked(long sequence) {
        try (Mat picture = JpegCodec.decode(photo);
             Mat corner = picture.apply(new org.bytedeco.opencv.opencv_core.Rect(448, 448, 64, 64));
             org.bytedeco.opencv.opencv_core.Scalar colour = new org.bytedeco.opencv.opencv_core.Scalar(
                     (sequence * 97) % 256, (sequence * 57 + 40) % 256, (sequence * 31 + 90) % 256, 0)) {
            corner.put(colour);
            return JpegCodec.encode(picture, 92);
        } catch (InvalidFrameException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The frame's bytes with its detection status field (8) set to a number the enum does not have. */
    private static byte[] withStatusValue(Frame frame, int value) {
        return frame.toBuilder().setDetectionStatusValue(value).build().toByteArray();
    }

    /** The JPEG's markers up to and with its frame header (so its size reads fine), then the end: no picture data. */
    private static byte[] headerOnly(byte[] jpeg) throws InvalidFrameException {
        int at = 2;
        while (true) {
            int marker = jpeg[at + 1] & 0xff;
            int length = ((jpeg[at + 2] & 0xff) << 8) | (jpeg[at + 3] & 0xff);
            at += 2 + length;
            if (marker == 0xC0 || marker == 0xC2) {
                break;
            }
        }
        byte[] out = Arrays.copyOf(jpeg, at + 2);
        out[at] = (byte) 0xFF;
        out[at + 1] = (byte) 0xD9;
        assertThrows(InvalidFrameException.class, () -> JpegCodec.decode(out), "the fault must really not decode");
        return out;
    }

    private JsonNode streamStats() throws Exception {
        return json("/api/streams/cam");
    }

    private JsonNode json(String path) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri(path)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
        return JSON.readTree(r.body());
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + display.port() + path);
    }

    @Test
    void theFaultsAreWhatTheySayTheyAre() throws Exception {
        assertFalse(withoutDetection(0).hasField(Frame.getDescriptor().findFieldByName("detection_status")));
        assertEquals(0, withoutDetection(0).getDetectionsCount());
        assertThrows(InvalidFrameException.class,
                () -> FrameCodec.decode(withStatusValue(frame(0, DetectionStatus.DETECTION_STATUS_OK, true), 7)));
        assertTrue(Files.isRegularFile(Photos.ASTRONAUT));
    }
}
