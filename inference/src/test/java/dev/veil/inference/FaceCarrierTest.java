package dev.veil.inference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.veil.config.ConfigException;
import dev.veil.config.Env;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Which frames are detected, and where carried faces go. */
class FaceCarrierTest {

    private static Face box(double x, double y, double w, double h) {
        return new Face(x, y, x + w, y + h, 0.9, List.of());
    }

    @Test
    void theCadenceIsReadOnceAndBounded() {
        assertEquals(1, DetectionCadence.fromEnv(Env.of(Map.of())).every());
        assertEquals(3, DetectionCadence.fromEnv(Env.of(Map.of("VEIL_DETECT_EVERY", "3"))).every());
        assertThrows(ConfigException.class, () -> DetectionCadence.fromEnv(Env.of(Map.of("VEIL_DETECT_EVERY", "0"))));
        assertThrows(ConfigException.class, () -> DetectionCadence.fromEnv(Env.of(Map.of("VEIL_DETECT_EVERY", "11"))));
    }

    @Test
    void everyFrameIsDetectedByDefault() {
        FaceCarrier carrier = new FaceCarrier(DetectionCadence.EVERY_FRAME);
        carrier.detected("a", 0, List.of(box(0.1, 0.1, 0.1, 0.1)));
        assertEquals(Optional.empty(), carrier.carry("a", 1));
    }

    @Test
    void facesAreCarriedForwardOnlyWithinTheCadenceAndPerStream() {
        FaceCarrier carrier = new FaceCarrier(new DetectionCadence(3));
        assertTrue(carrier.carry("a", 0).isEmpty(), "nothing detected yet");
        carrier.detected("a", 10, List.of(box(0.1, 0.1, 0.1, 0.1)));
        assertEquals(1, carrier.carry("a", 11).orElseThrow().frames());
        assertEquals(2, carrier.carry("a", 12).orElseThrow().frames());
        assertTrue(carrier.carry("a", 13).isEmpty(), "3 frames old: detect");
        assertTrue(carrier.carry("a", 10).isEmpty(), "never onto the detected frame itself");
        assertTrue(carrier.carry("a", 9).isEmpty(), "never backwards");
        assertTrue(carrier.carry("b", 11).isEmpty(), "another stream has its own detections");
        carrier.detected("a", 2, List.of()); // the stream restarted
        assertEquals(List.of(), carrier.carry("a", 3).orElseThrow().faces());
        carrier.failed("a");
        assertTrue(carrier.carry("a", 4).isEmpty(), "after a failure the next frame is detected");
    }

    @Test
    void aStillFaceGrowsOnlyByTheSafetyMargin() {
        Face face = box(0.40, 0.30, 0.10, 0.20);
        Face carried = FaceMotion.carry(List.of(face), List.of(face), 2, 1).get(0);
        assertEquals(0.40 - 0.05 * 0.10, carried.xMin(), 1e-9);
        assertEquals(0.50 + 0.05 * 0.10, carried.xMax(), 1e-9);
        assertEquals(0.30 - 0.05 * 0.20, carried.yMin(), 1e-9);
        assertEquals(0.50 + 0.05 * 0.20, carried.yMax(), 1e-9);
        assertEquals(List.of(), carried.landmarks());
    }

    @Test
    void aMovingFaceIsFollowedAndCoveredWhereverItCouldBe() {
        // Moving right by 0.01 a frame, measured over the 2 frames between the detections.
        Face before = box(0.40, 0.30, 0.10, 0.10);
        Face last = box(0.42, 0.30, 0.10, 0.10);
        Face carried = FaceMotion.carry(List.of(last), List.of(before), 2, 2).get(0);
        Face truth = box(0.44, 0.30, 0.10, 0.10); // where it is two frames later at the same speed
        assertTrue(carried.xMin() <= last.xMin() && carried.xMax() >= truth.xMax() + 0.02,
                "covers the detected box, the predicted one, and as much again: " + carried);
        assertEquals(0.42 - 0.02 - 0.1 * 0.10, carried.xMin(), 1e-9, "left edge: detected box, less motion and margin");
        assertEquals(0.54 + 0.02 + 0.1 * 0.10, carried.xMax(), 1e-9, "right edge: predicted, plus motion and margin");
        // The same face seen for the first time: motion unknown, the larger margin.
        Face unknown = FaceMotion.carry(List.of(last), null, 0, 1).get(0);
        assertEquals(0.42 - 0.15 * 0.10, unknown.xMin(), 1e-9);
    }

    @Test
    void boxesStayInsideTheFrame() {
        Face corner = box(0.0, 0.0, 0.2, 0.2);
        Face carried = FaceMotion.carry(List.of(corner), List.of(box(0.05, 0.05, 0.2, 0.2)), 1, 3).get(0);
        assertEquals(0.0, carried.xMin());
        assertEquals(0.0, carried.yMin());
        assertTrue(carried.xMax() <= 1.0 && carried.xMax() > 0.2);
    }
}
