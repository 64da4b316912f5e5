package dev.veil.sink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import dev.veil.frame.FrameCodec;
import dev.veil.frame.JpegCodec;
import dev.veil.frame.v1.Detection;
import dev.veil.frame.v1.DetectionStatus;
import dev.veil.frame.v1.Frame;
import io.numaproj.numaflow.sinker.GRPCConfig;
import io.numaproj.numaflow.sinker.Response;
import io.numaproj.numaflow.sinker.ResponseList;
import io.numaproj.numaflow.sinker.SinkerTestKit;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The sink handler behind the SDK's real gRPC sink server, driven by the SDK's client. */
class DisplaySinkTest {

    private static final Detection FACE = Detection.newBuilder()
            .setXMin(0.40f).setYMin(0.30f).setXMax(0.55f).setYMax(0.70f).setScore(0.9f).build();
    private static final Rect FACE_PIXELS = new Rect(256, 108, 96, 144);

    @TempDir
    Path dir;

    private RecordingDisplay display;
    private DisplaySink sink;
    private SinkerTestKit kit;
    private SinkerTestKit.Client client;
    private byte[] noisyJpeg;

    @BeforeEach
    void picture() throws Exception {
        display = new RecordingDisplay();
        try (Mat noise = AnonymizerTest.noise()) {
            noisyJpeg = JpegCodec.encode(noise, 95);
        }
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
    void facesAreBlurredBeforeTheFrameReachesTheDisplay() throws Exception {
        serve(config(FailurePolicy.BLUR_WHOLE_FRAME, Optional.of("t0ken"), Optional.empty()));

        ResponseList responses = send(frame(1, DetectionStatus.DETECTION_STATUS_OK, FACE));

        assertTrue(responses.getResponses().get(0).getSuccess());
        assertEquals(1, display.received.size());
        RecordingDisplay.Received got = display.received.get(0);
        assertEquals("/ingest", got.path());
        assertEquals("Bearer t0ken", got.authorization());
        assertEquals("blur", got.anonymization());
        Frame shown = FrameCodec.decode(got.body());
        assertEquals(1, shown.getSequence());
        assertEquals("sink", shown.getStages(shown.getStagesCount() - 1).getStage());
        try (Mat before = JpegCodec.decode(noisyJpeg); Mat after = JpegCodec.decode(shown.getJpeg().toByteArray())) {
            assertTrue(AnonymizerTest.detail(after, FACE_PIXELS) < 0.2 * AnonymizerTest.detail(before, FACE_PIXELS));
            Rect elsewhere = new Rect(0, 0, 200, 100);
            assertTrue(AnonymizerTest.detail(after, elsewhere) > 0.8 * AnonymizerTest.detail(before, elsewhere),
                    "the rest of the picture keeps its detail");
        }
        assertEquals(1, sink.stats().faces());
    }

    @Test
    void aCarriedFrameIsAnonymizedWithItsCarriedFacesNotObscuredWhole() throws Exception {
        serve(config(FailurePolicy.BLUR_WHOLE_FRAME, Optional.empty(), Optional.empty()));

        ResponseList responses = send(frame(1, DetectionStatus.DETECTION_STATUS_CARRIED, FACE).toBuilder()
                .setCarriedFrames(1).build());

        assertTrue(responses.getResponses().get(0).getSuccess());
        Frame shown = FrameCodec.decode(display.received.get(0).body());
        assertEquals(DetectionStatus.DETECTION_STATUS_CARRIED, shown.getDetectionStatus());
        try (Mat before = JpegCodec.decode(noisyJpeg); Mat after = JpegCodec.decode(shown.getJpeg().toByteArray())) {
            assertTrue(AnonymizerTest.detail(after, FACE_PIXELS) < 0.2 * AnonymizerTest.detail(before, FACE_PIXELS));
            Rect elsewhere = new Rect(0, 0, 200, 100);
            assertTrue(AnonymizerTest.detail(after, elsewhere) > 0.8 * AnonymizerTest.detail(before, elsewhere),
                    "the rest of the picture keeps its detail");
        }
        assertEquals(0, sink.stats().failedClosed());
        assertEquals(1, sink.stats().faces());
    }

    @Test
    void framesWhoseFacesAreUnknownAreObscuredWhole() throws Exception {
        serve(config(FailurePolicy.BLUR_WHOLE_FRAME, Optional.empty(), Optional.empty()));

        ResponseList responses = send(
                frame(1, DetectionStatus.DETECTION_STATUS_FAILED),
                frame(2, DetectionStatus.DETECTION_STATUS_NOT_RUN));

        assertTrue(responses.getResponses().stream().allMatch(Response::getSuccess));
        assertEquals(2, display.received.size());
        Rect all = new Rect(0, 0, 640, 360);
        try (Mat before = JpegCodec.decode(noisyJpeg)) {
            for (RecordingDisplay.Received got : display.received) {
                Frame shown = FrameCodec.decode(got.body());
                try (Mat after = JpegCodec.decode(shown.getJpeg().toByteArray())) {
                    assertTrue(AnonymizerTest.detail(after, all) < 0.02 * AnonymizerTest.detail(before, all),
                            "frame " + shown.getSequence() + " is obscured everywhere");
                }
                assertTrue(shown.getDetectionStatus() != DetectionStatus.DETECTION_STATUS_OK,
                        "the display can tell it failed closed");
            }
        }
        assertEquals(2, sink.stats().failedClosed());
    }

    @Test
    void theDropPolicyShowsNothingForSuchFrames() throws Exception {
        serve(config(FailurePolicy.DROP, Optional.empty(), Optional.empty()));

        ResponseList responses = send(frame(1, DetectionStatus.DETECTION_STATUS_FAILED),
                frame(2, DetectionStatus.DETECTION_STATUS_OK));

        assertTrue(responses.getResponses().stream().allMatch(Response::getSuccess));
        assertEquals(1, display.received.size());
        assertEquals(2, FrameCodec.decode(display.received.get(0).body()).getSequence());
    }

    @Test
    void garbageIsAcknowledgedDroppedAndNeverShown() throws Exception {
        serve(config(FailurePolicy.BLUR_WHOLE_FRAME, Optional.empty(), Optional.empty()));

        ResponseList responses = sendRaw(new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9}, noisyJpeg);

        assertTrue(responses.getResponses().stream().allMatch(Response::getSuccess), "a poison message is not retried");
        assertTrue(display.received.isEmpty());
        assertEquals(2, sink.stats().invalid());
    }

    @Test
    void aRefusedPostIsAFailureForNumaflowAndTheSinkCarriesOn() throws Exception {
        serve(config(FailurePolicy.BLUR_WHOLE_FRAME, Optional.empty(), Optional.empty()));
        display.answer.set(503);

        ResponseList failed = send(frame(1, DetectionStatus.DETECTION_STATUS_OK, FACE));

        Response r = failed.getResponses().get(0);
        assertFalse(r.getSuccess());
        assertTrue(r.getErr().contains("503"), r.getErr());

        display.answer.set(204);
        ResponseList retried = send(frame(1, DetectionStatus.DETECTION_STATUS_OK, FACE));
        assertTrue(retried.getResponses().get(0).getSuccess());
        assertEquals(1, display.received.size());
        assertEquals(1, sink.stats().postFailures());
    }

    @Test
    void aDisplayThatIsDownIsAFailureNotACrash() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        serve(new SinkConfig(URI.create("http://127.0.0.1:" + closedPort), Optional.empty(),
                AnonymizerConfig.of(AnonymizeMode.BLUR, false), FailurePolicy.BLUR_WHOLE_FRAME, 90,
                Duration.ofSeconds(2), Optional.empty(), 25, Optional.empty(), SinkConfig.DEFAULT_SEGMENT_LENGTH, H264EncoderChoice.AUTO));

        ResponseList responses = send(frame(1, DetectionStatus.DETECTION_STATUS_OK, FACE));

        assertFalse(responses.getResponses().get(0).getSuccess());
        assertEquals(1, sink.stats().postFailures());
    }

    @Test
    void everyFrameSaysHowItsFacesWereTreated() throws Exception {
        serve(new SinkConfig(display.url(), Optional.empty(), AnonymizerConfig.of(AnonymizeMode.BOXES, true),
                FailurePolicy.BLUR_WHOLE_FRAME, 90, Duration.ofSeconds(5), Optional.empty(), 25, Optional.empty(),
                SinkConfig.DEFAULT_SEGMENT_LENGTH, H264EncoderChoice.AUTO));
        send(frame(1, DetectionStatus.DETECTION_STATUS_OK, FACE));
        assertEquals("boxes", display.received.get(0).anonymization(), "the display can warn that faces show");
        assertEquals(null, display.received.get(0).authorization(), "no token configured, none sent");
    }

    @Test
    void framesOfSeveralStreamsKeepTheirStreamAndOrder() throws Exception {
        serve(config(FailurePolicy.BLUR_WHOLE_FRAME, Optional.empty(), Optional.empty()));
        ResponseList responses = send(frame(1, DetectionStatus.DETECTION_STATUS_OK, FACE),
                frame(1, DetectionStatus.DETECTION_STATUS_OK, FACE).toBuilder().setStreamId("door").build(),
                frame(2, DetectionStatus.DETECTION_STATUS_OK, FACE));
        assertTrue(responses.getResponses().stream().allMatch(Response::getSuccess));
        assertEquals(List.of("cam#1", "door#1", "cam#2"), display.received.stream().map(r -> {
            try {
                Frame f = FrameCodec.decode(r.body());
                return f.getStreamId() + "#" + f.getSequence();
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        }).toList());
        assertEquals("blur", display.received.get(0).anonymization());
    }

    @Test
    void theSegmentsGetEachFrameOnceEvenWhenRetried() throws Exception {
        serve(new SinkConfig(display.url(), Optional.empty(), AnonymizerConfig.of(AnonymizeMode.BLUR, false),
                FailurePolicy.BLUR_WHOLE_FRAME, 90, Duration.ofSeconds(5), Optional.empty(), 25, Optional.of(dir),
                SinkConfig.DEFAULT_SEGMENT_LENGTH, H264EncoderChoice.AUTO));
        display.answer.set(500);
        ResponseList refused = send(frame(0, DetectionStatus.DETECTION_STATUS_OK, FACE),
                frame(1, DetectionStatus.DETECTION_STATUS_OK));
        assertTrue(refused.getResponses().stream().noneMatch(Response::getSuccess), "both retried by Numaflow");
        display.answer.set(204);
        send(frame(0, DetectionStatus.DETECTION_STATUS_OK, FACE), frame(1, DetectionStatus.DETECTION_STATUS_OK),
                frame(2, DetectionStatus.DETECTION_STATUS_FAILED));
        sink.close();

        List<Path> segments = Mp4Reader.segments(dir.resolve("cam"));
        assertEquals(1, segments.size());
        assertEquals(3, Mp4Reader.countPictures(segments.get(0)));
        assertEquals(3, sink.stats().written());
    }

    @Test
    void theOutputFileGetsEachFrameOnceEvenWhenRetried() throws Exception {
        Path out = dir.resolve("out.mp4");
        serve(config(FailurePolicy.BLUR_WHOLE_FRAME, Optional.empty(), Optional.of(out)));
        display.answer.set(500);
        send(frame(0, DetectionStatus.DETECTION_STATUS_OK, FACE), frame(1, DetectionStatus.DETECTION_STATUS_OK));
        display.answer.set(204);
        send(frame(0, DetectionStatus.DETECTION_STATUS_OK, FACE), frame(1, DetectionStatus.DETECTION_STATUS_OK),
                frame(2, DetectionStatus.DETECTION_STATUS_FAILED));
        sink.close();

        try (FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(out.toFile())) {
            grabber.start();
            assertEquals(640, grabber.getImageWidth());
            assertEquals("h264", grabber.getVideoCodecName());
            int frames = 0;
            while (grabber.grabImage() != null) {
                frames++;
            }
            assertEquals(3, frames);
        }
        assertEquals(3, sink.stats().written());
    }

    private SinkConfig config(FailurePolicy policy, Optional<String> token, Optional<Path> file) {
        return new SinkConfig(display.url(), token, AnonymizerConfig.of(AnonymizeMode.BLUR, false), policy, 90,
                Duration.ofSeconds(5), file, 25, Optional.empty(), SinkConfig.DEFAULT_SEGMENT_LENGTH, H264EncoderChoice.AUTO);
    }

    private void serve(SinkConfig config) throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        sink = new DisplaySink(config);
        kit = new SinkerTestKit(sink, GRPCConfig.newBuilder().port(port).isLocal(true).build());
        kit.startServer();
        client = new SinkerTestKit.Client("localhost", port);
    }

    private Frame frame(long sequence, DetectionStatus status, Detection... faces) {
        return Frame.newBuilder().setStreamId("cam").setSequence(sequence).setPtsMicros(sequence * 40_000)
                .setCaptureTimeMicros(1_700_000_000_000_000L).setWidth(640).setHeight(360)
                .setJpeg(ByteString.copyFrom(noisyJpeg)).setDetectionStatus(status)
                .addAllDetections(List.of(faces)).build();
    }

    private ResponseList send(Frame... frames) {
        return sendRaw(java.util.Arrays.stream(frames).map(Frame::toByteArray).toArray(byte[][]::new));
    }

    private ResponseList sendRaw(byte[]... values) {
        SinkerTestKit.TestListIterator datums = new SinkerTestKit.TestListIterator();
        for (int i = 0; i < values.length; i++) {
            datums.addDatum(SinkerTestKit.TestDatum.builder().id("d" + i).value(values[i]).keys(new String[] {"cam"})
                    .eventTime(Instant.now()).watermark(Instant.now()).build());
        }
        return client.sendRequest(datums);
    }
}
