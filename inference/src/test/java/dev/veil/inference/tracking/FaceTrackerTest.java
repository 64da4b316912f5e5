package dev.veil.inference.tracking;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.veil.inference.detect.Face;
import dev.veil.inference.detect.Landmark;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Holding faces the detector misses: where their boxes go, for how long, and what is never done. */
class FaceTrackerTest {

    private static Face box(double x, double y, double w, double h) {
        return new Face(x, y, x + w, y + h, 0.9, List.of());
    }

    private static void assertBox(double xMin, double yMin, double xMax, double yMax, Face actual) {
        assertEquals(xMin, actual.xMin(), 1e-9, "xMin of " + actual);
        assertEquals(yMin, actual.yMin(), 1e-9, "yMin of " + actual);
        assertEquals(xMax, actual.xMax(), 1e-9, "xMax of " + actual);
        assertEquals(yMax, actual.yMax(), 1e-9, "yMax of " + actual);
    }

    @Test
    void facesFoundAreReportedAsFoundWithTheirLandmarks() {
        FaceTracker tracker = new FaceTracker(5);
        Face a = new Face(0.1, 0.1, 0.2, 0.3, 0.8, List.of(new Landmark(0.15, 0.2)));
        assertEquals(List.of(new TrackedFace(a, 0)), tracker.detected("cam", 0, List.of(a), null));
        assertEquals(List.of(new TrackedFace(a, 0)), tracker.detected("cam", 1, List.of(a), null));
    }

    @Test
    void aStillFaceTheDetectorMissesIsHeldForTheHoldTimeGrowingByTheMarginThenDropped() {
        FaceTracker tracker = new FaceTracker(3);
        Face a = box(0.40, 0.30, 0.10, 0.20);
        for (int seq = 0; seq < FaceTracker.OWN_MOTION_SIGHTINGS; seq++) {
            tracker.detected("cam", seq, List.of(a), null); // seen enough, not moving: its motion is known (zero)
        }
        int last = FaceTracker.OWN_MOTION_SIGHTINGS - 1;
        for (int age = 1; age <= 3; age++) {
            List<TrackedFace> out = tracker.detected("cam", last + age, List.of(), null);
            assertEquals(1, out.size(), "age " + age);
            assertEquals(age, out.get(0).heldFrames());
            double g = FaceTracker.MATCHED_GROWTH * age;
            assertBox(0.40 - g * 0.10, 0.30 - g * 0.20, 0.50 + g * 0.10, 0.50 + g * 0.20, out.get(0).face());
            assertEquals(List.of(), out.get(0).face().landmarks());
        }
        assertEquals(List.of(), tracker.detected("cam", last + 4, List.of(), null), "4 frames after its last sighting: gone");
    }

    @Test
    void aMovingFaceIsHeldWhereItsMotionTakesItAndCoveredWhereItCouldBe() {
        FaceTracker tracker = new FaceTracker(5);
        tracker.detected("cam", 0, List.of(box(0.38, 0.30, 0.10, 0.10)), null);
        tracker.detected("cam", 1, List.of(box(0.40, 0.30, 0.10, 0.10)), null);
        tracker.detected("cam", 2, List.of(box(0.42, 0.30, 0.10, 0.10)), null); // right by 0.02 a frame, twice
        Face held = tracker.detected("cam", 3, List.of(), null).get(0).face();
        // Left edge: the box as last seen, less the distance moved and the margin; right edge: where the motion
        // takes it, plus the distance moved and the margin.
        assertBox(0.42 - 0.02 - 0.005, 0.30 - 0.005, 0.52 + 0.02 + 0.02 + 0.005, 0.40 + 0.005, held);

        // Found again where the motion said: the same track, reported as found, nothing held beside it.
        Face again = box(0.46, 0.30, 0.10, 0.10);
        assertEquals(List.of(new TrackedFace(again, 0)), tracker.detected("cam", 4, List.of(again), null));
    }

    @Test
    void aFaceSeenOnceHasAnUnknownMotionAndTheLargerMarginUpToItsCap() {
        FaceTracker tracker = new FaceTracker(FaceTracker.MAX_TRACKS);
        Face a = box(0.40, 0.40, 0.10, 0.10);
        tracker.detected("cam", 0, List.of(a), null);
        Face held = tracker.detected("cam", 1, List.of(), null).get(0).face();
        assertBox(0.40 - 0.015, 0.40 - 0.015, 0.50 + 0.015, 0.50 + 0.015, held);
        Face old = tracker.detected("cam", 20, List.of(), null).get(0).face();
        double cap = FaceTracker.MAX_GROWTH * 0.10; // 0.15 x 20 frames would be 3 box sizes
        assertBox(0.40 - cap, 0.40 - cap, 0.50 + cap, 0.50 + cap, old);
    }

    @Test
    void neighboursKeepTheirOwnTracks() {
        FaceTracker tracker = new FaceTracker(5);
        // Two faces side by side, both moving right by 0.01 a frame; then the left one is missed.
        tracker.detected("cam", 0, List.of(box(0.29, 0.30, 0.05, 0.05), box(0.35, 0.30, 0.05, 0.05)), null);
        tracker.detected("cam", 1, List.of(box(0.30, 0.30, 0.05, 0.05), box(0.36, 0.30, 0.05, 0.05)), null);
        tracker.detected("cam", 2, List.of(box(0.37, 0.30, 0.05, 0.05), box(0.31, 0.30, 0.05, 0.05)), null);
        List<TrackedFace> out = tracker.detected("cam", 3, List.of(box(0.38, 0.30, 0.05, 0.05)), null);
        assertEquals(2, out.size());
        assertEquals(1, out.get(1).heldFrames());
        // The held one is the left face, moved on by its own motion: expected at 0.32.
        Face held = out.get(1).face();
        assertEquals(0.31 - 0.01 - 0.05 * 0.05, held.xMin(), 1e-9);
        assertEquals(0.36 + 0.01 + 0.01 + 0.05 * 0.05, held.xMax(), 1e-9);
    }

    @Test
    void aFaceSeenOnceInAPanningCrowdIsHeldWhereTheCameraTakesIt() {
        FaceTracker tracker = new FaceTracker(5);
        // Three faces followed from frame 0 to 1 show a pan of 0.02 a frame to the right; a fourth is new at frame 1.
        List<Face> first = List.of(box(0.10, 0.10, 0.05, 0.05), box(0.30, 0.50, 0.05, 0.05), box(0.60, 0.20, 0.05, 0.05));
        List<Face> second = new ArrayList<>();
        first.forEach(f -> second.add(box(f.xMin() + 0.02, f.yMin(), 0.05, 0.05)));
        tracker.detected("cam", 0, first, null);
        List<Face> withNew = new ArrayList<>(second);
        withNew.add(box(0.80, 0.70, 0.05, 0.05));
        tracker.detected("cam", 1, withNew, null);
        // Frame 2: the three move on and are found; the new one is missed. It is held 0.02 further right.
        List<Face> third = new ArrayList<>();
        second.forEach(f -> third.add(box(f.xMin() + 0.02, f.yMin(), 0.05, 0.05)));
        List<TrackedFace> out = tracker.detected("cam", 2, third, null);
        assertEquals(4, out.size());
        Face held = out.get(3).face();
        double g = FaceTracker.UNMATCHED_GROWTH * 0.05;
        assertBox(0.80 - 0.02 - g, 0.70 - g, 0.85 + 0.02 + 0.02 + g, 0.75 + g, held);
    }

    @Test
    void aLateFrameGetsWhatIsKnownAroundItAndChangesNothing() {
        FaceTracker tracker = new FaceTracker(3);
        Face a = box(0.40, 0.40, 0.10, 0.10);
        tracker.detected("cam", 10, List.of(a), null);
        tracker.detected("cam", 11, List.of(a), null);
        // Frame 9 finished after 11: the face seen at 10 is held backwards, grown as for an unknown motion.
        List<TrackedFace> late = tracker.detected("cam", 9, List.of(), null);
        assertEquals(1, late.size());
        assertEquals(2, late.get(0).heldFrames(), "closest sighting: frame 11, two frames away");
        assertBox(0.40 - 0.03, 0.40 - 0.03, 0.50 + 0.03, 0.50 + 0.03, late.get(0).face());
        // The late frame changed no track: frame 12 still follows the face seen at 11.
        assertEquals(1, tracker.detected("cam", 12, List.of(), null).get(0).heldFrames());
    }

    @Test
    void aStreamThatCountsFromTheStartAgainForgetsItsFaces() {
        FaceTracker tracker = new FaceTracker(10);
        tracker.detected("cam", 500, List.of(box(0.4, 0.4, 0.1, 0.1)), null);
        assertEquals(List.of(), tracker.detected("cam", 0, List.of(), null));
        assertEquals(List.of(), tracker.detected("cam", 1, List.of(), null));
    }

    @Test
    void nothingIsHeldWithAHoldOfZero() {
        FaceTracker tracker = new FaceTracker(0);
        tracker.detected("cam", 0, List.of(box(0.4, 0.4, 0.1, 0.1)), null);
        assertEquals(List.of(), tracker.detected("cam", 1, List.of(), null));
        assertThrows(IllegalArgumentException.class, () -> new FaceTracker(-1));
    }

    @Test
    void facesAreCarriedOnlyForwardWithinTheCadenceAndPerStream() throws Exception {
        FaceTracker tracker = new FaceTracker(5);
        assertTrue(tracker.carry("cam", 0, 2).isEmpty(), "nothing detected yet");
        Thumbnail picture = new Thumbnail(2, 1, new byte[]{1, 2});
        tracker.detected("cam", 10, List.of(box(0.4, 0.4, 0.1, 0.1)), picture);
        FaceTracker.Prediction p = tracker.carry("cam", 12, 2).orElseThrow();
        assertEquals(2, p.carriedFrames());
        assertEquals(1, p.faces().size());
        assertEquals(0, p.faces().get(0).heldFrames(), "found in the detection it is carried from");
        assertBox(0.4 - 0.3 * 0.1, 0.4 - 0.3 * 0.1, 0.5 + 0.3 * 0.1, 0.5 + 0.3 * 0.1, p.faces().get(0).face());
        assertTrue(tracker.carry("cam", 13, 2).isEmpty(), "3 frames old: detect");
        assertTrue(tracker.carry("cam", 10, 2).isEmpty(), "never onto the detected frame itself");
        assertTrue(tracker.carry("cam", 9, 2).isEmpty(), "never backwards");
        assertTrue(tracker.carry("door", 11, 2).isEmpty(), "another stream has its own faces");
        assertEquals(picture, tracker.reference("cam").orElseThrow());
        assertTrue(tracker.reference("door").isEmpty());
    }

    @Test
    void streamsAndTracksAreBounded() {
        FaceTracker tracker = new FaceTracker(5);
        for (int i = 0; i <= FaceTracker.MAX_STREAMS; i++) {
            tracker.detected("cam-" + i, 0, List.of(box(0.4, 0.4, 0.1, 0.1)), null);
        }
        assertTrue(tracker.carry("cam-0", 1, 1).isEmpty(), "the least recently seen stream was forgotten");
        assertTrue(tracker.carry("cam-1", 1, 1).isPresent());

        List<Face> many = new ArrayList<>();
        for (int i = 0; i < FaceTracker.MAX_TRACKS + 100; i++) {
            double x = (i % 100) / 100.0;
            double y = (i / 100) / 50.0;
            many.add(box(x, y, 0.001, 0.001));
        }
        tracker.detected("crowd", 0, many, null);
        assertEquals(FaceTracker.MAX_TRACKS, tracker.detected("crowd", 1, List.of(), null).size());
    }
}
