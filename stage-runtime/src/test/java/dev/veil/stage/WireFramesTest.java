package dev.veil.stage;

import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import dev.veil.frame.InvalidFrameException;
import dev.veil.frame.JpegCodec;
import dev.veil.frame.JpegSize;
import dev.veil.frame.TestJpegs;
import dev.veil.frame.v1.Detection;
import dev.veil.frame.v1.DetectionStatus;
import dev.veil.frame.v1.Frame;
import dev.veil.frame.v1.Point;
import dev.veil.frame.v1.StageTiming;
import java.util.Arrays;
import java.util.List;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.junit.jupiter.api.Test;

class WireFramesTest {

    @Test
    void aFrameReadFromTheWireSaysWhatTheMessageSays() throws Exception {
        Frame message = carriedFrame();

        try (VideoFrame frame = WireFrames.decode(message.toByteArray())) {
            FrameInfo info = frame.info();
            assertEquals("cam-1", info.streamId());
            assertEquals(42, info.sequence());
            assertEquals(1_680_000, info.ptsMicros());
            assertEquals(1_700_000_000_123_456L, info.captureMicros());
            assertEquals(FaceStatus.CARRIED, info.status());
            assertEquals(3, info.carriedFrames());
            assertEquals("", info.detectionError());
            // floats widened to doubles exactly: 0.1f is 0.10000000149011612, not 0.1
            assertEquals(List.of(
                    new FaceBox(0.1f, 0.2f, 0.3f, 0.4f, 0.9f,
                            List.of(new FaceBox.Point(0.15f, 0.25f), new FaceBox.Point(0.25f, 0.25f)), 0),
                    new FaceBox(0.5f, 0.5f, 0.75f, 1f, 0.6f, List.of(), 4)), info.faces());
            assertEquals(0.10000000149011612, info.faces().get(0).xMin());
            assertEquals(List.of(new StageTime("source", 1_700_000_000_123_456L, 1_700_000_000_124_000L),
                    new StageTime("resize", 1_700_000_000_125_000L, 1_700_000_000_126_500L)), info.stages());
            assertEquals(160, frame.picture().width());
            assertEquals(90, frame.picture().height());
            assertFalse(frame.picture().decoded(), "reading a frame does not decode its picture");
        }
    }

    @Test
    void aFrameSentOnUnchangedIsTheMessageItCameAs() throws Exception {
        Frame message = carriedFrame();

        byte[] sent;
        try (VideoFrame frame = WireFrames.decode(message.toByteArray())) {
            sent = WireFrames.encode(frame, 75);
        }

        assertEquals(message, WireFrames.parse(sent));
    }

    @Test
    void aFailedDetectionKeepsItsReason() throws Exception {
        Frame message = TestJpegs.frame("cam", 5, 64, 48)
                .setDetectionStatus(DetectionStatus.DETECTION_STATUS_FAILED)
                .setDetectionError("model timed out")
                .build();

        try (VideoFrame frame = WireFrames.decode(message.toByteArray())) {
            assertEquals(FaceStatus.FAILED, frame.info().status());
            assertEquals("model timed out", frame.info().detectionError());
            assertEquals(message, WireFrames.parse(WireFrames.encode(frame, 75)));
        }
    }

    @Test
    void facesInDoublesTravelAsTheNearestFloats() throws Exception {
        FrameInfo info = FrameInfo.captured("cam", 1, 0, 0).withFaces(FaceStatus.OK,
                List.of(new FaceBox(0.1, 0.2, 0.3, 0.4, 0.9, List.of(new FaceBox.Point(0.15, 0.25)), 2)), 0);

        Frame proto = WireFrames.toProto(info, TestJpegs.jpeg(32, 32), 32, 32);

        Detection face = proto.getDetections(0);
        assertEquals(List.of(0.1f, 0.2f, 0.3f, 0.4f, 0.9f),
                List.of(face.getXMin(), face.getYMin(), face.getXMax(), face.getYMax(), face.getScore()));
        assertEquals(Point.newBuilder().setX(0.15f).setY(0.25f).build(), face.getLandmarks(0));
        assertEquals(2, face.getHeldFrames());
        assertEquals(DetectionStatus.DETECTION_STATUS_OK, proto.getDetectionStatus());
        assertEquals(new FaceBox(0.1f, 0.2f, 0.3f, 0.4f, 0.9f, List.of(new FaceBox.Point(0.15f, 0.25f)), 2),
                WireFrames.info(proto).faces().get(0));
    }

    @Test
    void metadataIsTheFrameWithoutItsPictureAndFaces() throws Exception {
        FrameInfo info = FrameInfo.captured("cam", 1, 0, 0).withFaces(FaceStatus.OK,
                List.of(new FaceBox(0.1, 0.2, 0.3, 0.4, 0.9, List.of(new FaceBox.Point(0.15, 0.25)), 2)), 0);

        Frame full = WireFrames.toProto(info, TestJpegs.jpeg(32, 32), 32, 32);
        Frame metadata = WireFrames.metadata(info, 32, 32);

        assertEquals(1, full.getDetectionsCount());
        assertEquals(full.toBuilder().clearJpeg().clearDetections().build(), metadata);
    }

    @Test
    void everyStatusTravelsAsItself() throws Exception {
        for (FaceStatus status : FaceStatus.values()) {
            int carried = status == FaceStatus.CARRIED ? 1 : 0;
            FrameInfo info = FrameInfo.captured("cam", 1, 0, 0).withFaces(status, List.of(), carried);
            Frame proto = WireFrames.toProto(info, TestJpegs.jpeg(16, 16), 16, 16);

            try (VideoFrame back = WireFrames.decode(proto.toByteArray())) {
                assertEquals(status, back.info().status());
            }
        }
    }

    @Test
    void anUnchangedPictureLeavesAsTheSameJpegEvenWhenDecoded() throws Exception {
        Frame message = carriedFrame();

        try (VideoFrame frame = WireFrames.decode(message.toByteArray())) {
            frame.picture().pixels();
            long encodes = JpegCodec.counts().encodes();

            byte[] sent = WireFrames.encode(frame, 30);

            assertEquals(message.getJpeg(), WireFrames.parse(sent).getJpeg());
            assertEquals(encodes, JpegCodec.counts().encodes(), "no JPEG was encoded");
        }
    }

    @Test
    void aChangedPictureIsEncodedAtTheQualityGiven() throws Exception {
        Frame message = carriedFrame();

        try (VideoFrame frame = WireFrames.decode(message.toByteArray())) {
            Mat pixels = frame.picture().pixels();
            opencv_core.bitwise_not(pixels, pixels);
            frame.picture().changed();

            Frame sent = WireFrames.parse(WireFrames.encode(frame, 40));

            assertArrayEquals(JpegCodec.encode(pixels, 40), sent.getJpeg().toByteArray());
            assertFalse(Arrays.equals(JpegCodec.encode(pixels, 90), sent.getJpeg().toByteArray()));
            assertEquals(message.toBuilder().clearJpeg().build(), sent.toBuilder().clearJpeg().build(),
                    "everything but the picture is as it came");
        }
    }

    @Test
    void aNewPictureOfAnotherSizeIsSentWithItsOwnSize() throws Exception {
        Frame message = carriedFrame();

        try (VideoFrame frame = WireFrames.decode(message.toByteArray());
             VideoFrame scaled = new VideoFrame(frame.info(),
                     Picture.of(new Mat(45, 80, CV_8UC3, new Scalar(40, 80, 120, 0))))) {
            Frame sent = WireFrames.parse(WireFrames.encode(scaled, 85));

            assertEquals(80, sent.getWidth());
            assertEquals(45, sent.getHeight());
            assertEquals(new JpegSize(80, 45), JpegSize.of(sent.getJpeg()));
        }
    }

    @Test
    void anEmptyMessageIsNotAFrame() {
        InvalidFrameException empty = assertThrows(InvalidFrameException.class, () -> WireFrames.parse(new byte[0]));
        InvalidFrameException none = assertThrows(InvalidFrameException.class, () -> WireFrames.decode(null));

        assertEquals("empty message: expected a Veil frame", empty.getMessage());
        assertEquals("empty message: expected a Veil frame", none.getMessage());
    }

    @Test
    void bytesThatDoNotParseAreNotAFrame() {
        // field 1 (stream_id), length 100, and then nothing
        byte[] truncated = {0x0A, 0x64};

        InvalidFrameException e = assertThrows(InvalidFrameException.class, () -> WireFrames.decode(truncated));

        assertTrue(e.getMessage().startsWith("not a Veil frame (2 bytes that do not parse): "), e.getMessage());
    }

    @Test
    void aFrameWhoseDeclaredSizeIsNotItsJpegsIsRefused() {
        byte[] lying = carriedFrame().toBuilder().setWidth(320).build().toByteArray();

        InvalidFrameException e = assertThrows(InvalidFrameException.class, () -> WireFrames.decode(lying));

        assertEquals("frame cam-1#42 declares 320x90 but its JPEG is 160x90", e.getMessage());
    }

    @Test
    void aCarriedFrameMustSayFromHowFarBack() {
        byte[] carriedFromNowhere = carriedFrame().toBuilder().setCarriedFrames(0).build().toByteArray();

        InvalidFrameException e = assertThrows(InvalidFrameException.class,
                () -> WireFrames.decode(carriedFromNowhere));

        assertTrue(e.getMessage().startsWith("frame cam-1#42 is DETECTION_STATUS_CARRIED")
                && e.getMessage().contains("carried_frames is 0"), e.getMessage());
    }

    @Test
    void aFrameWithoutAStreamIsRefused() {
        byte[] anonymous = carriedFrame().toBuilder().clearStreamId().build().toByteArray();

        InvalidFrameException e = assertThrows(InvalidFrameException.class, () -> WireFrames.decode(anonymous));

        assertEquals("frame has no stream id", e.getMessage());
    }

    @Test
    void aFrameWithALargeJpegIsCheckedByItsHeaderWithoutDecodingIt() throws Exception {
        // 16 MiB after the end of a 160x90 JPEG: the header says 160x90, which is all the check reads
        byte[] small = TestJpegs.jpeg(160, 90);
        byte[] large = Arrays.copyOf(small, small.length + (16 << 20));
        byte[] message = carriedFrame().toBuilder().setJpeg(ByteString.copyFrom(large)).build().toByteArray();
        long decodes = JpegCodec.counts().decodes();

        Frame frame = WireFrames.parse(message);

        assertEquals(large.length, frame.getJpeg().size());
        assertEquals(160, frame.getWidth());
        assertEquals(decodes, JpegCodec.counts().decodes(), "nothing was decoded");
    }

    @Test
    void theJpegOfAParsedFrameSharesTheMessagesBytes() throws Exception {
        Frame sent = carriedFrame();
        byte[] message = sent.toByteArray();
        int lastOfJpeg = indexOf(message, sent.getJpeg().toByteArray()) + sent.getJpeg().size() - 1;
        Frame frame = WireFrames.parse(message);

        message[lastOfJpeg] = 0x00; // was the end-of-image marker's 0xD9

        assertEquals(0x00, frame.getJpeg().byteAt(frame.getJpeg().size() - 1),
                "the parsed frame reads the message's own array");
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        for (int at = 0; at + needle.length <= haystack.length; at++) {
            if (Arrays.equals(haystack, at, at + needle.length, needle, 0, needle.length)) {
                return at;
            }
        }
        throw new AssertionError("not found");
    }

    /** A 160x90 frame with two faces (one with landmarks, one held), two stage timings, carried 3 frames. */
    private static Frame carriedFrame() {
        return TestJpegs.frame("cam-1", 42, 160, 90)
                .setPtsMicros(1_680_000)
                .setCaptureTimeMicros(1_700_000_000_123_456L)
                .setDetectionStatus(DetectionStatus.DETECTION_STATUS_CARRIED)
                .setCarriedFrames(3)
                .addDetections(Detection.newBuilder().setXMin(0.1f).setYMin(0.2f).setXMax(0.3f).setYMax(0.4f)
                        .setScore(0.9f)
                        .addLandmarks(Point.newBuilder().setX(0.15f).setY(0.25f))
                        .addLandmarks(Point.newBuilder().setX(0.25f).setY(0.25f)))
                .addDetections(Detection.newBuilder().setXMin(0.5f).setYMin(0.5f).setXMax(0.75f).setYMax(1f)
                        .setScore(0.6f).setHeldFrames(4))
                .addStages(StageTiming.newBuilder().setStage("source").setStartMicros(1_700_000_000_123_456L)
                        .setEndMicros(1_700_000_000_124_000L))
                .addStages(StageTiming.newBuilder().setStage("resize").setStartMicros(1_700_000_000_125_000L)
                        .setEndMicros(1_700_000_000_126_500L))
                .build();
    }
}
