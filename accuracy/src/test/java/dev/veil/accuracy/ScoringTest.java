package dev.veil.accuracy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class ScoringTest {

    private static final Scoring SINK = new Scoring(0.2);
    private static final Scoring BARE = new Scoring(0);

    private static FrameTruth frame(Box... faces) {
        return new FrameTruth(1280, 720, List.of(faces), List.of());
    }

    @Test
    void aDetectionOnTheFaceFindsAndCoversIt() {
        Box face = new Box(100, 100, 140, 150);
        FrameScore s = SINK.score(frame(face), List.of(new Box(102, 98, 141, 151)));
        assertEquals(List.of(new FaceResult(face, SizeBucket.FROM_32_TO_64, true, true)), s.faces());
        assertEquals(1, s.detections());
        assertEquals(0, s.falsePositives());
    }

    @Test
    void aLargeDetectionCoversAFaceItDoesNotFind() {
        // 20x20 face in a 50x50 detection: IoU 400/2500 = 0.16, under 0.4; covered even without margin.
        Box face = new Box(100, 100, 120, 120);
        FrameScore s = BARE.score(frame(face), List.of(new Box(90, 90, 140, 140)));
        FaceResult r = s.faces().get(0);
        assertFalse(r.found());
        assertTrue(r.covered());
        assertEquals(0, s.falsePositives());
    }

    @Test
    void theMarginDecidesWhetherAShiftedDetectionCovers() {
        // Shifted by 30 px of 100: IoU 7000/13000 = 0.54 (found). Bare, it covers 70% of the face (not covered);
        // grown by 0.2 (20 px left), it covers x 10..100, 90%.
        Box face = new Box(0, 0, 100, 100);
        List<Box> detection = List.of(new Box(30, 0, 130, 100));
        FaceResult bare = BARE.score(frame(face), detection).faces().get(0);
        FaceResult sink = SINK.score(frame(face), detection).faces().get(0);
        assertTrue(bare.found());
        assertFalse(bare.covered());
        assertTrue(sink.found());
        assertTrue(sink.covered());
    }

    @Test
    void oneDetectionFindsOneFaceButMayCoverSeveral() {
        // Two faces side by side under one detection the size of the first.
        Box a = new Box(0, 0, 10, 10);
        Box b = new Box(1, 0, 11, 10);
        FrameScore s = SINK.score(frame(a, b), List.of(new Box(0, 0, 10, 10)));
        assertTrue(s.faces().get(0).found());
        assertFalse(s.faces().get(1).found(), "IoU 0.82 with b, but the detection already found a");
        assertTrue(s.faces().get(0).covered());
        assertTrue(s.faces().get(1).covered(), "grown by 2 px, the detection covers b whole");
    }

    @Test
    void aDetectionTouchingNoFaceIsAFalsePositive() {
        Box face = new Box(100, 100, 140, 150);
        FrameScore s = SINK.score(frame(face), List.of(new Box(500, 500, 540, 550), new Box(100, 100, 140, 150)));
        assertEquals(2, s.detections());
        assertEquals(1, s.falsePositives());
        assertTrue(s.faces().get(0).found());
    }

    @Test
    void aDetectionOverlappingAFaceALittleIsNeitherFoundNorFalse() {
        // IoU 50/150 = 0.33 (between 0.1 and 0.4), covering half the face: a poor box, but on the face.
        Box face = new Box(0, 0, 10, 10);
        FrameScore s = BARE.score(frame(face), List.of(new Box(5, 0, 15, 10)));
        assertFalse(s.faces().get(0).found());
        assertFalse(s.faces().get(0).covered());
        assertEquals(0, s.falsePositives());
        // IoU 10/190 = 0.05 and 10% covered: it touches no face.
        FrameScore far = BARE.score(frame(face), List.of(new Box(9, 0, 19, 10)));
        assertEquals(1, far.falsePositives());
    }

    @Test
    void aHugeDetectionCoveringASmallFaceIsNoFalsePositive() {
        // IoU 400/40000 = 0.01, under 0.1, but it covers the face.
        FrameScore s = BARE.score(frame(new Box(10, 10, 30, 30)), List.of(new Box(0, 0, 200, 200)));
        assertEquals(0, s.falsePositives());
        assertTrue(s.faces().get(0).covered());
        assertFalse(s.faces().get(0).found());
    }

    @Test
    void aDetectionOnABarelyVisibleFaceIsNotFalse() {
        FrameTruth truth = new FrameTruth(1280, 720, List.of(), List.of(new Box(1276, 100, 1280, 120)));
        FrameScore s = SINK.score(truth, List.of(new Box(1270, 100, 1280, 120)));
        assertEquals(List.of(), s.faces());
        assertEquals(0, s.falsePositives());
    }

    @Test
    void bucketsFollowTheFrameHeight() {
        FrameTruth at1080 = new FrameTruth(1920, 1080, List.of(new Box(0, 0, 20, 24), new Box(100, 0, 120, 23)),
                List.of());
        FrameScore s = SINK.score(at1080, List.of());
        assertEquals(SizeBucket.FROM_16_TO_32, s.faces().get(0).bucket());
        assertEquals(SizeBucket.UNDER_16, s.faces().get(1).bucket());
    }

    @Test
    void framesWhereEveryFaceFrom16IsCoveredAreCountedApartFromFramesWithoutOne() {
        Box big = new Box(0, 0, 40, 40);
        Box small = new Box(200, 200, 210, 210);
        List<FrameScore> frames = List.of(
                SINK.score(frame(big, small), List.of(big)),               // the 40 px face covered, the 10 px one not
                SINK.score(frame(big), List.of(new Box(600, 600, 640, 640))), // the 40 px face missed, one false
                SINK.score(frame(small), List.of()),                        // only a small face
                SINK.score(frame(), List.of()));                            // no face at all
        assertTrue(frames.get(0).everyFaceFrom16Covered());
        assertFalse(frames.get(1).everyFaceFrom16Covered());
        assertFalse(frames.get(2).hasFaceFrom16());

        ScoreSummary sum = ScoreSummary.of(frames);
        assertEquals(4, sum.frames());
        assertEquals(2, sum.framesWithFaceFrom16());
        assertEquals(1, sum.framesAllFrom16Covered());
        assertEquals(2, sum.framesWithoutFaceFrom16());
        assertEquals(0.5, sum.shareOfFramesCovered(), 1e-12);
        assertEquals(new BucketCounts(2, 1, 1), sum.bucket(SizeBucket.FROM_32_TO_64));
        assertEquals(new BucketCounts(2, 0, 0), sum.bucket(SizeBucket.UNDER_16));
        assertEquals(BucketCounts.NONE, sum.bucket(SizeBucket.OVER_64));
        assertEquals(new BucketCounts(4, 1, 1), sum.all());
        assertEquals(new BucketCounts(2, 1, 1), sum.from16());
        assertEquals(2, sum.detections());
        assertEquals(1, sum.falsePositives());
        assertEquals(0.25, sum.falsePositivesPerFrame(), 1e-12);
        assertEquals(0.5, sum.bucket(SizeBucket.FROM_32_TO_64).recall(), 1e-12);
        assertTrue(Double.isNaN(sum.bucket(SizeBucket.OVER_64).recall()));
    }

    @Test
    void summariesAddUp() {
        Box face = new Box(0, 0, 40, 40);
        ScoreSummary one = ScoreSummary.of(List.of(SINK.score(frame(face), List.of(face))));
        ScoreSummary two = ScoreSummary.of(List.of(SINK.score(frame(face), List.of())));
        ScoreSummary sum = one.plus(two);
        List<FrameScore> both = List.of(SINK.score(frame(face), List.of(face)), SINK.score(frame(face), List.of()));
        assertEquals(ScoreSummary.of(both), sum);
        assertEquals(sum, ScoreSummary.EMPTY.plus(sum));
        assertTrue(Double.isNaN(ScoreSummary.EMPTY.shareOfFramesCovered()));
    }
}
