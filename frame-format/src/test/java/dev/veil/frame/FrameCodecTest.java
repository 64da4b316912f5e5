package dev.veil.frame;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import dev.veil.frame.v1.Detection;
import dev.veil.frame.v1.DetectionStatus;
import dev.veil.frame.v1.Frame;
import dev.veil.frame.v1.Point;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class FrameCodecTest {

    @Test
    void aFrameSurvivesTheRoundTripWithEveryField() throws Exception {
        Frame frame = TestJpegs.frame("cam-1", 42, 64, 48)
                .setDetectionStatus(DetectionStatus.DETECTION_STATUS_OK)
                .addDetections(Detection.newBuilder().setXMin(0.1f).setYMin(0.2f).setXMax(0.3f).setYMax(0.4f)
                        .setScore(0.9f).addLandmarks(Point.newBuilder().setX(0.15f).setY(0.25f)))
                .addStages(StageClock.stage(StageClock.SOURCE, StageClock.nowMicros() - 500))
                .build();

        Frame decoded = FrameCodec.decode(FrameCodec.encode(frame));

        assertEquals(frame, decoded);
        assertEquals(42, decoded.getSequence());
        assertEquals(0.25f, decoded.getDetections(0).getLandmarks(0).getY());
        assertEquals(StageClock.SOURCE, decoded.getStages(0).getStage());
    }

    @Test
    void garbageBytesAreRefusedWithAClearError() {
        byte[] garbage = new byte[256];
        new Random(7).nextBytes(garbage);
        InvalidFrameException e = assertThrows(InvalidFrameException.class, () -> FrameCodec.decode(garbage));
        assertTrue(e.getMessage().startsWith("not a Veil frame") || e.getMessage().contains("frame"), e.getMessage());
    }

    @Test
    void emptyMessageIsRefused() {
        InvalidFrameException e = assertThrows(InvalidFrameException.class, () -> FrameCodec.decode(new byte[0]));
        assertTrue(e.getMessage().contains("empty"), e.getMessage());
    }

    @Test
    void declaredSizeMustMatchTheJpeg() {
        byte[] bytes = TestJpegs.frame("cam", 1, 64, 48).setWidth(1920).setHeight(1080).build().toByteArray();
        InvalidFrameException e = assertThrows(InvalidFrameException.class, () -> FrameCodec.decode(bytes));
        assertEquals("frame cam#1 declares 1920x1080 but its JPEG is 64x48", e.getMessage());
    }

    @Test
    void aFrameWithoutImageOrStreamIsRefused() {
        assertThrows(InvalidFrameException.class,
                () -> FrameCodec.decode(TestJpegs.frame("cam", 1, 8, 8).setJpeg(ByteString.EMPTY).build().toByteArray()));
        assertThrows(InvalidFrameException.class,
                () -> FrameCodec.decode(TestJpegs.frame("", 1, 8, 8).build().toByteArray()));
    }

    @Test
    void aTruncatedImageIsRefused() {
        Frame frame = TestJpegs.frame("cam", 3, 64, 48).build();
        byte[] cut = frame.getJpeg().substring(0, 20).toByteArray();
        byte[] bytes = frame.toBuilder().setJpeg(ByteString.copyFrom(cut)).build().toByteArray();
        InvalidFrameException e = assertThrows(InvalidFrameException.class, () -> FrameCodec.decode(bytes));
        assertTrue(e.getMessage().contains("cam#3"), e.getMessage());
    }

    @Test
    void detectionsOutsideTheFrameAreRefused() {
        Frame frame = TestJpegs.frame("cam", 1, 16, 16)
                .addDetections(Detection.newBuilder().setXMin(0.5f).setYMin(0.1f).setXMax(1.5f).setYMax(0.2f))
                .build();
        assertThrows(InvalidFrameException.class, () -> FrameCodec.decode(frame.toByteArray()));

        Frame nan = TestJpegs.frame("cam", 1, 16, 16)
                .addDetections(Detection.newBuilder().setXMin(Float.NaN).setXMax(0.2f).setYMax(0.2f))
                .build();
        assertThrows(InvalidFrameException.class, () -> FrameCodec.decode(nan.toByteArray()));
    }

    @Test
    void anUnknownDetectionStatusIsRefused() {
        Frame frame = TestJpegs.frame("cam", 1, 16, 16).setDetectionStatusValue(7).build();
        InvalidFrameException e = assertThrows(InvalidFrameException.class, () -> FrameCodec.decode(frame.toByteArray()));
        assertTrue(e.getMessage().contains("unknown detection status 7"), e.getMessage());
    }

    @Test
    void carriedFacesTravelWithTheirAgeOnlyOnFramesMarkedCarried() throws Exception {
        Frame carried = TestJpegs.frame("cam", 5, 16, 16).setDetectionStatus(DetectionStatus.DETECTION_STATUS_CARRIED)
                .setCarriedFrames(2).build();
        assertEquals(2, FrameCodec.decode(FrameCodec.encode(carried)).getCarriedFrames());

        for (DetectionStatus other : List.of(DetectionStatus.DETECTION_STATUS_FAILED, DetectionStatus.DETECTION_STATUS_OK,
                DetectionStatus.DETECTION_STATUS_NOT_RUN)) {
            Frame wrong = carried.toBuilder().setDetectionStatus(other).build();
            InvalidFrameException e = assertThrows(InvalidFrameException.class, () -> FrameCodec.decode(wrong.toByteArray()));
            assertEquals("frame cam#5 says its faces were carried 2 frames but its detection status is " + other,
                    e.getMessage());
        }
        Frame ageless = carried.toBuilder().setCarriedFrames(0).build();
        InvalidFrameException e = assertThrows(InvalidFrameException.class, () -> FrameCodec.decode(ageless.toByteArray()));
        assertEquals("frame cam#5 is DETECTION_STATUS_CARRIED but does not say from how many frames back"
                + " (carried_frames is 0)", e.getMessage());
        Frame ancient = carried.toBuilder().setCarriedFrames(-1).build();
        assertThrows(InvalidFrameException.class, () -> FrameCodec.decode(ancient.toByteArray()));
    }

    @Test
    void heldFacesSayHowOldTheyAreWithinBounds() throws Exception {
        Frame held = TestJpegs.frame("cam", 5, 16, 16).setDetectionStatus(DetectionStatus.DETECTION_STATUS_OK)
                .addDetections(Detection.newBuilder().setXMin(0.1f).setYMin(0.1f).setXMax(0.2f).setYMax(0.3f)
                        .setScore(0.9f).setHeldFrames(FrameCodec.MAX_HELD_FRAMES)).build();
        assertEquals(FrameCodec.MAX_HELD_FRAMES, FrameCodec.decode(FrameCodec.encode(held)).getDetections(0).getHeldFrames());

        Frame stale = held.toBuilder().setDetections(0, held.getDetections(0).toBuilder()
                .setHeldFrames(FrameCodec.MAX_HELD_FRAMES + 1)).build();
        InvalidFrameException e = assertThrows(InvalidFrameException.class, () -> FrameCodec.decode(stale.toByteArray()));
        assertEquals("frame cam#5 detection 0 says it was held " + (FrameCodec.MAX_HELD_FRAMES + 1) + " frames, more than "
                + FrameCodec.MAX_HELD_FRAMES, e.getMessage());
    }

    @Test
    void encodeRefusesAFrameTheNextStageWouldRefuse() {
        Frame bad = TestJpegs.frame("cam", 1, 16, 16).setHeight(0).build();
        assertThrows(InvalidFrameException.class, () -> FrameCodec.encode(bad));
    }
}
