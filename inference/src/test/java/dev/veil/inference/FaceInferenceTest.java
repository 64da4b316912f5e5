package dev.veil.inference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.calls;
import static org.mockito.Mockito.inOrder;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.timeout;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import com.google.protobuf.ByteString;
import dev.veil.frame.FrameCodec;
import dev.veil.frame.JpegCodec;
import dev.veil.frame.StageClock;
import dev.veil.frame.TestJpegs;
import dev.veil.frame.v1.Detection;
import dev.veil.frame.v1.DetectionStatus;
import dev.veil.frame.v1.Frame;
import dev.veil.frame.v1.StageTiming;
import dev.veil.inference.detect.Face;
import dev.veil.inference.detect.FaceDetector;
import dev.veil.inference.tracking.FaceTracker;
import dev.veil.inference.tracking.TrackingConfig;
import dev.veil.inference.yunet.YuNetDecoder;
import dev.veil.stage.FaceStatus;
import dev.veil.stage.MapVertex;
import dev.veil.stage.VideoFrame;
import dev.veil.stage.WireFrames;
import io.numaproj.numaflow.mapper.GRPCConfig;
import io.numaproj.numaflow.mapper.MapperTestKit;
import io.numaproj.numaflow.mapper.Message;
import io.numaproj.numaflow.mapper.MessageList;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.bytedeco.opencv.opencv_core.Mat;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.mockito.InOrder;

/** The handler behind the SDK's real gRPC server, driven by the SDK's own client. */
class FaceInferenceTest {

    private static FaceDetector detector;
    private static byte[] sceneJpeg;
    private static AnnotatedFaces.Box sceneFace;

    @BeforeAll
    static void prepare() {
        detector = FaceDetectors.open(InferenceConfig.defaults());
        try (Mat portrait = TestImages.read(TestImages.astronaut());
             AstronautScene scene = AstronautScene.withFaceHeight(portrait, 0.3)) {
            sceneJpeg = JpegCodec.encode(scene.frame(), 90);
            sceneFace = scene.face();
        }
    }

    @AfterAll
    static void release() {
        detector.close();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** Runs {@code body} against the stage served as its vertex runs it, on a free local port; the vertex's counts. */
    private static MapVertex.Counts served(FaceInference handler, ClientBody body) throws Exception {
        int port = freePort();
        MapVertex vertex = new MapVertex(handler);
        MapperTestKit kit = new MapperTestKit(vertex, GRPCConfig.newBuilder().port(port).isLocal(true).build());
        kit.startServer();
        MapperTestKit.Client client = new MapperTestKit.Client("localhost", port);
        try {
            body.run(client);
        } finally {
            client.close();
            kit.stopServer();
        }
        return vertex.counts();
    }

    @FunctionalInterface
    private interface ClientBody {
        void run(MapperTestKit.Client client) throws Exception;
    }

    private static MapperTestKit.TestDatum datum(byte[] value) {
        return MapperTestKit.TestDatum.builder().value(value).eventTime(Instant.now()).watermark(Instant.now())
                .headers(Map.of()).build();
    }

    private static Frame sceneFrame(long sequence) {
        StageTiming resize = StageTiming.newBuilder().setStage(StageClock.RESIZE).setStartMicros(1).setEndMicros(2).build();
        return Frame.newBuilder().setStreamId("cam-1").setSequence(sequence).setPtsMicros(sequence * 40_000)
                .setCaptureTimeMicros(StageClock.nowMicros()).setWidth(AstronautScene.WIDTH)
                .setHeight(AstronautScene.HEIGHT).setJpeg(ByteString.copyFrom(sceneJpeg))
                .setDetectionStatus(DetectionStatus.DETECTION_STATUS_NOT_RUN).addStages(resize).build();
    }

    private static Message only(MessageList list) {
        assertEquals(1, list.getMessages().size());
        return list.getMessages().get(0);
    }

    @Test
    void realFrameComesBackWithItsFaceAndTheSameJpeg() throws Exception {
        FaceInference handler = new FaceInference(detector);
        Frame in = sceneFrame(7);
        String[] keys = {"cam-1"};

        served(handler, client -> {
            Message message = only(client.sendRequest(keys, datum(in.toByteArray())));

            assertArrayEquals(keys, message.getKeys());
            Frame out = FrameCodec.decode(message.getValue());
            assertEquals(DetectionStatus.DETECTION_STATUS_OK, out.getDetectionStatus());
            assertEquals(in.getJpeg(), out.getJpeg(), "JPEG must pass through untouched");
            assertEquals(in.getSequence(), out.getSequence());
            assertEquals(in.getStreamId(), out.getStreamId());
            assertEquals("", out.getDetectionError());
            assertEquals(1, out.getDetectionsCount(), "detections: " + out.getDetectionsList());
            Detection d = out.getDetections(0);
            Face asFace = new Face(d.getXMin(), d.getYMin(), d.getXMax(), d.getYMax(), d.getScore(), List.of());
            assertTrue(sceneFace.iou(asFace, AstronautScene.WIDTH, AstronautScene.HEIGHT) >= 0.5,
                    "detection " + d + " is not on the face " + sceneFace);
            assertEquals(YuNetDecoder.LANDMARKS, d.getLandmarksCount());
            assertEquals(2, out.getStagesCount());
            assertEquals(in.getStages(0), out.getStages(0));
            StageTiming inference = out.getStages(1);
            assertEquals(StageClock.INFERENCE, inference.getStage());
            assertTrue(inference.getEndMicros() >= inference.getStartMicros() && inference.getStartMicros() > 0);
            // Where the faces came from, for the display: this machine has no GPU, so YuNet's CPU runtime.
            assertEquals("cpu", out.getDetectedOn().getDevice());
            assertEquals(detector.placement().runtime(), out.getDetectedOn().getRuntime());
            assertEquals("onnxruntime", out.getDetectedOn().getRuntime());
        });
        assertEquals(new InferenceStats(1, 1, 0, 1, 0, 0, 0, 0), handler.stats());
    }

    @Test
    void everyThirdFrameIsDetectedAndTheOthersCarryItsFacesMarkedWithTheirAge() throws Exception {
        FaceInference handler = new FaceInference(detector, 1, java.time.Duration.ZERO, new TrackingConfig(3, TrackingConfig.DEFAULT_HOLD_FRAMES));
        served(handler, client -> {
            List<Frame> out = new java.util.ArrayList<>();
            for (long seq = 0; seq < 7; seq++) {
                out.add(FrameCodec.decode(only(client.sendRequest(new String[]{"cam-1"},
                        datum(sceneFrame(seq).toByteArray()))).getValue()));
            }
            assertEquals(List.of(0, 1, 2, 0, 1, 2, 0), out.stream().map(Frame::getCarriedFrames).toList());
            for (Frame f : out) {
                assertEquals(f.getCarriedFrames() == 0 ? DetectionStatus.DETECTION_STATUS_OK
                        : DetectionStatus.DETECTION_STATUS_CARRIED, f.getDetectionStatus());
                assertEquals(1, f.getDetectionsCount(), "the face is on every frame: " + f.getDetectionsList());
                Detection d = f.getDetections(0);
                Face asFace = new Face(d.getXMin(), d.getYMin(), d.getXMax(), d.getYMax(), d.getScore(), List.of());
                double iou = sceneFace.iou(asFace, AstronautScene.WIDTH, AstronautScene.HEIGHT);
                assertTrue(iou >= (f.getCarriedFrames() == 0 ? 0.5 : 0.3), "on the face: IoU " + iou + " " + f);
            }
            // A still face: carried boxes hold the detected one, grown by the safety margin of their age.
            Detection detected = out.get(3).getDetections(0);
            Detection carried = out.get(5).getDetections(0);
            assertTrue(carried.getXMin() < detected.getXMin() && carried.getXMax() > detected.getXMax()
                    && carried.getYMin() < detected.getYMin() && carried.getYMax() > detected.getYMax(),
                    "carried " + carried + " covers detected " + detected);
            assertEquals(0, carried.getLandmarksCount());
        });
        assertEquals(new InferenceStats(7, 7, 0, 3, 4, 0, 0, 0), handler.stats());
    }

    @Test
    void aPictureCutInBetweenTwoDetectionsIsDetectedNotCarried() throws Exception {
        // Grey frames, then the portrait cut in at an odd frame: with a detection every 2nd frame, that frame would
        // carry the grey frame's "no face" and show the face. It must be detected instead.
        FaceInference handler = new FaceInference(detector, 1, java.time.Duration.ZERO, new TrackingConfig(2, TrackingConfig.DEFAULT_HOLD_FRAMES));
        byte[] grey;
        try (Mat plain = new Mat(AstronautScene.HEIGHT, AstronautScene.WIDTH, org.bytedeco.opencv.global.opencv_core.CV_8UC3,
                new org.bytedeco.opencv.opencv_core.Scalar(128, 128, 128, 0))) {
            grey = JpegCodec.encode(plain, 90);
        }
        served(handler, client -> {
            List<Frame> out = new java.util.ArrayList<>();
            for (long seq = 0; seq < 6; seq++) {
                Frame in = sceneFrame(seq);
                if (seq < 3) {
                    in = in.toBuilder().setJpeg(ByteString.copyFrom(grey)).build();
                }
                out.add(FrameCodec.decode(only(client.sendRequest(new String[]{"cam-1"}, datum(in.toByteArray())))
                        .getValue()));
            }
            assertEquals(List.of(DetectionStatus.DETECTION_STATUS_OK, DetectionStatus.DETECTION_STATUS_CARRIED,
                    DetectionStatus.DETECTION_STATUS_OK, DetectionStatus.DETECTION_STATUS_OK,
                    DetectionStatus.DETECTION_STATUS_CARRIED, DetectionStatus.DETECTION_STATUS_OK),
                    out.stream().map(Frame::getDetectionStatus).toList(),
                    "0 detected, 1 carried (still grey), 2 detected, 3 the cut: detected, 4 carried, 5 detected");
            for (int i = 3; i < 6; i++) {
                Frame f = out.get(i);
                assertEquals(1, f.getDetectionsCount(), "frame " + i + ": " + f.getDetectionsList());
                Detection d = f.getDetections(0);
                Face asFace = new Face(d.getXMin(), d.getYMin(), d.getXMax(), d.getYMax(), d.getScore(), List.of());
                assertTrue(sceneFace.iou(asFace, AstronautScene.WIDTH, AstronautScene.HEIGHT) >= 0.3,
                        "frame " + i + " covers the face: " + d);
            }
        });
        InferenceStats stats = handler.stats();
        assertEquals(1, stats.changed(), "the cut was seen as a change: " + stats);
        assertEquals(2, stats.carried());
    }

    @Test
    void aFaceTheDetectorMissesForAFrameIsHeldWhereItWas() throws Exception {
        FaceDetector blinking = mock(FaceDetector.class);
        when(blinking.describe()).thenReturn("blinking");
        List<Face> one = List.of(new Face(0.40, 0.30, 0.50, 0.50, 0.9, List.of()));
        // Found on frames 0 to 2, missed on 3 (a turn to profile), found again on 4.
        when(blinking.detectBatch(any())).thenReturn(List.of(one), List.of(one), List.of(one), List.of(List.of()),
                List.of(one));
        FaceInference handler = new FaceInference(blinking, 1, java.time.Duration.ZERO, new TrackingConfig(1, 5));
        served(handler, client -> {
            List<Frame> out = new java.util.ArrayList<>();
            for (long seq = 0; seq < 5; seq++) {
                out.add(FrameCodec.decode(only(client.sendRequest(new String[]{"cam-1"},
                        datum(sceneFrame(seq).toByteArray()))).getValue()));
            }
            assertEquals(List.of(1, 1, 1, 1, 1), out.stream().map(Frame::getDetectionsCount).toList());
            assertEquals(List.of(0, 0, 0, 1, 0), out.stream().map(f -> f.getDetections(0).getHeldFrames()).toList());
            Detection heldFace = out.get(3).getDetections(0);
            // Still, so it stays where it was, grown by the margin of one frame of age.
            assertEquals(0.40 - FaceTracker.MATCHED_GROWTH * 0.10, heldFace.getXMin(), 1e-6);
            assertEquals(0.50 + FaceTracker.MATCHED_GROWTH * 0.10, heldFace.getXMax(), 1e-6);
            assertEquals(DetectionStatus.DETECTION_STATUS_OK, out.get(3).getDetectionStatus());
        });
        assertEquals(1, handler.stats().held());
    }

    @Test
    void withFullSearchesEveryThirdFrameTheTwoFramesBetweenAreSearchedCoarsely() throws Exception {
        FaceDetector scaled = mock(FaceDetector.class);
        when(scaled.describe()).thenReturn("scaled");
        when(scaled.hasCoarseSearch()).thenReturn(true);
        List<Face> one = List.of(new Face(0.40, 0.30, 0.50, 0.50, 0.9, List.of()));
        when(scaled.detectBatch(any())).thenReturn(List.of(one));
        when(scaled.detectCoarse(any())).thenReturn(one);
        FaceInference handler = new FaceInference(scaled, 1, java.time.Duration.ZERO,
                new TrackingConfig(1, TrackingConfig.DEFAULT_HOLD_FRAMES, 3));
        served(handler, client -> {
            for (long seq = 0; seq < 7; seq++) {
                Frame out = FrameCodec.decode(only(client.sendRequest(new String[]{"cam-1"},
                        datum(sceneFrame(seq).toByteArray()))).getValue());
                assertEquals(DetectionStatus.DETECTION_STATUS_OK, out.getDetectionStatus(), "frame " + seq);
                assertEquals(1, out.getDetectionsCount(), "frame " + seq);
            }
        });
        // Full (in a batch of one), coarse, coarse, full, coarse, coarse, full.
        InOrder order = inOrder(scaled);
        for (int round = 0; round < 2; round++) {
            order.verify(scaled, calls(1)).detectBatch(any());
            order.verify(scaled, calls(2)).detectCoarse(any());
        }
        order.verify(scaled, calls(1)).detectBatch(any());
        verify(scaled, times(3)).detectBatch(any());
        verify(scaled, times(4)).detectCoarse(any());
        InferenceStats stats = handler.stats();
        assertEquals(7, stats.frames());
        assertEquals(4, stats.coarse());
    }

    @Test
    void startedFramesAreSearchedBeforeAnyIsFinishedAndKeepTheCadenceOfFullSearches() throws Exception {
        FaceDetector scaled = mock(FaceDetector.class);
        when(scaled.describe()).thenReturn("scaled");
        when(scaled.hasCoarseSearch()).thenReturn(true);
        List<Face> one = List.of(new Face(0.40, 0.30, 0.50, 0.50, 0.9, List.of()));
        when(scaled.detectBatch(any())).thenReturn(List.of(one));
        when(scaled.detectCoarse(any())).thenReturn(one);
        FaceInference handler = new FaceInference(scaled, 1, java.time.Duration.ZERO,
                new TrackingConfig(1, TrackingConfig.DEFAULT_HOLD_FRAMES, 3));
        try {
            List<FaceInference.Detection> started = new java.util.ArrayList<>();
            for (long seq = 0; seq < 4; seq++) {
                started.add(handler.start(WireFrames.fromProto(sceneFrame(seq))));
            }
            // No frame finished, no face tracked yet: full, coarse, coarse, full all the same.
            verify(scaled, timeout(10_000).times(2)).detectBatch(any());
            verify(scaled, timeout(10_000).times(2)).detectCoarse(any());
            for (FaceInference.Detection d : started) {
                try (VideoFrame out = d.finish()) {
                    assertEquals(FaceStatus.OK, out.info().status());
                    assertEquals(1, out.info().faces().size());
                }
            }
            assertEquals(new InferenceStats(4, 4, 0, 4, 0, 0, 0, 2), handler.stats());
        } finally {
            handler.close();
        }
    }

    @Test
    void aFailedFullSearchIsTakenBackSoTheNextFrameIsSearchedInFull() throws Exception {
        FaceDetector scaled = mock(FaceDetector.class);
        when(scaled.describe()).thenReturn("scaled");
        when(scaled.hasCoarseSearch()).thenReturn(true);
        List<Face> one = List.of(new Face(0.40, 0.30, 0.50, 0.50, 0.9, List.of()));
        when(scaled.detectBatch(any())).thenThrow(new RuntimeException("model failed")).thenReturn(List.of(one));
        when(scaled.detectCoarse(any())).thenReturn(one);
        FaceInference handler = new FaceInference(scaled, 1, java.time.Duration.ZERO,
                new TrackingConfig(1, TrackingConfig.DEFAULT_HOLD_FRAMES, 3));
        try {
            List<FaceStatus> status = new java.util.ArrayList<>();
            for (long seq = 0; seq < 5; seq++) {
                try (VideoFrame out = handler.process(WireFrames.fromProto(sceneFrame(seq)))) {
                    status.add(out.info().status());
                }
            }
            assertEquals(List.of(FaceStatus.FAILED, FaceStatus.OK, FaceStatus.OK, FaceStatus.OK, FaceStatus.OK), status);
            // 0 full (failed), 1 full again, 2 and 3 coarse, 4 full.
            verify(scaled, times(3)).detectBatch(any());
            verify(scaled, times(2)).detectCoarse(any());
        } finally {
            handler.close();
        }
    }

    @Test
    void aFailedDetectionIsNeverCarriedTheNextFrameIsDetectedAgain() throws Exception {
        FaceDetector flaky = mock(FaceDetector.class);
        when(flaky.describe()).thenReturn("flaky");
        List<Face> one = List.of(new Face(0.4, 0.3, 0.5, 0.5, 0.9, List.of()));
        when(flaky.detectBatch(any())).thenReturn(List.of(one)).thenThrow(new RuntimeException("model failed"))
                .thenReturn(List.of(one));
        FaceInference handler = new FaceInference(flaky, 1, java.time.Duration.ZERO, new TrackingConfig(4, TrackingConfig.DEFAULT_HOLD_FRAMES));
        served(handler, client -> {
            List<Frame> out = new java.util.ArrayList<>();
            // 0 detected, 1 carried; 9 jumps past the cadence: detected, fails; 10 cannot carry a failure: detected.
            for (long seq : new long[]{0, 1, 9, 10, 11}) {
                out.add(FrameCodec.decode(only(client.sendRequest(new String[]{"cam-1"},
                        datum(sceneFrame(seq).toByteArray()))).getValue()));
            }
            assertEquals(List.of(DetectionStatus.DETECTION_STATUS_OK, DetectionStatus.DETECTION_STATUS_CARRIED,
                    DetectionStatus.DETECTION_STATUS_FAILED, DetectionStatus.DETECTION_STATUS_OK,
                    DetectionStatus.DETECTION_STATUS_CARRIED), out.stream().map(Frame::getDetectionStatus).toList());
            assertEquals(List.of(0, 1, 0, 0, 1), out.stream().map(Frame::getCarriedFrames).toList());
        });
        assertEquals(new InferenceStats(5, 4, 1, 3, 2, 0, 0, 0), handler.stats());
    }

    @Test
    void garbageIsDroppedAndCountedAndTheServerGoesOn() throws Exception {
        FaceInference handler = new FaceInference(detector);

        MapVertex.Counts counts = served(handler, client -> {
            Message dropped = only(client.sendRequest(new String[]{"cam-1"}, datum(new byte[]{1, 2, 3, 4, 5})));
            assertArrayEquals(new String[]{Message.DROP}, dropped.getTags());

            Message emptyDropped = only(client.sendRequest(new String[]{"cam-1"}, datum(new byte[0])));
            assertArrayEquals(new String[]{Message.DROP}, emptyDropped.getTags());

            Message next = only(client.sendRequest(new String[]{"cam-1"}, datum(sceneFrame(8).toByteArray())));
            assertEquals(DetectionStatus.DETECTION_STATUS_OK, FrameCodec.decode(next.getValue()).getDetectionStatus());
        });
        assertEquals(2, counts.invalid());
        assertEquals(new InferenceStats(1, 1, 0, 1, 0, 0, 0, 0), handler.stats());
    }

    @Test
    void frameWithoutFacesIsOkWithNoDetections() throws Exception {
        FaceInference handler = new FaceInference(detector);
        Frame plain = TestJpegs.frame("cam-2", 1, 320, 240).build();

        served(handler, client -> {
            Frame out = FrameCodec.decode(only(client.sendRequest(new String[]{"cam-2"}, datum(plain.toByteArray())))
                    .getValue());
            assertEquals(DetectionStatus.DETECTION_STATUS_OK, out.getDetectionStatus());
            assertEquals(0, out.getDetectionsCount());
        });
        assertEquals(new InferenceStats(1, 0, 0, 1, 0, 0, 0, 0), handler.stats());
    }

    @Test
    void failingDetectorForwardsTheFrameAsFailed() throws Exception {
        // An OpenCV failure inside a model cannot be caused on purpose with a working model: a mock throws
        // the kind of exception JavaCPP raises for one.
        FaceDetector broken = mock(FaceDetector.class);
        when(broken.describe()).thenReturn("broken");
        when(broken.detectBatch(any())).thenThrow(new RuntimeException(
                "OpenCV(4.13.0) /build/opencv/modules/dnn/src/net.cpp:42: error: (-215:Assertion failed) !blob.empty()"
                        + " in function 'forward'"));
        FaceInference handler = new FaceInference(broken);
        Frame in = sceneFrame(9).toBuilder()
                .addDetections(Detection.newBuilder().setXMin(0.1f).setYMin(0.1f).setXMax(0.2f).setYMax(0.2f))
                .build();

        served(handler, client -> {
            Message message = only(client.sendRequest(new String[]{"cam-1"}, datum(in.toByteArray())));

            Frame out = FrameCodec.decode(message.getValue());
            assertEquals(DetectionStatus.DETECTION_STATUS_FAILED, out.getDetectionStatus());
            assertEquals("RuntimeException: (-215:Assertion failed) !blob.empty() in function 'forward'",
                    out.getDetectionError());
            assertEquals(0, out.getDetectionsCount(), "stale detections must not survive a failed detection");
            assertEquals(in.getJpeg(), out.getJpeg());
            assertEquals(StageClock.INFERENCE, out.getStages(out.getStagesCount() - 1).getStage());

            // the server is still there for the next frame
            Message again = only(client.sendRequest(new String[]{"cam-1"}, datum(in.toByteArray())));
            assertEquals(DetectionStatus.DETECTION_STATUS_FAILED, FrameCodec.decode(again.getValue()).getDetectionStatus());
        });
        assertEquals(new InferenceStats(2, 0, 2, 2, 0, 0, 0, 0), handler.stats());
    }

    @Test
    void jpegThatDoesNotDecodeIsAFailedDetectionNotADroppedFrame() throws Exception {
        // A real fault: a JPEG whose header is intact (so the frame is valid on the wire) but whose image data
        // is cut off right after the header, before any scan.
        byte[] jpeg = TestJpegs.jpeg(64, 48);
        int sos = indexOfMarker(jpeg, 0xDA);
        byte[] headerOnly = java.util.Arrays.copyOf(jpeg, sos);
        Frame in = TestJpegs.frame("cam-3", 1, 64, 48).setJpeg(ByteString.copyFrom(headerOnly)).build();
        FaceInference handler = new FaceInference(detector);

        served(handler, client -> {
            Frame out = FrameCodec.decode(only(client.sendRequest(new String[]{"cam-3"}, datum(in.toByteArray())))
                    .getValue());
            assertEquals(DetectionStatus.DETECTION_STATUS_FAILED, out.getDetectionStatus());
            assertTrue(out.getDetectionError().contains("JPEG"), out.getDetectionError());
        });
        assertEquals(new InferenceStats(1, 0, 1, 0, 0, 0, 0, 0), handler.stats());
    }

    private static int indexOfMarker(byte[] jpeg, int marker) {
        for (int i = 0; i + 1 < jpeg.length; i++) {
            if ((jpeg[i] & 0xFF) == 0xFF && (jpeg[i + 1] & 0xFF) == marker) {
                return i;
            }
        }
        throw new AssertionError("no marker " + Integer.toHexString(marker));
    }
}
