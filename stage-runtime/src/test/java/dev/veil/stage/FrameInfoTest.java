package dev.veil.stage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.veil.frame.StageClock;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class FrameInfoTest {

    private static final FaceBox FACE = FaceBox.found(0.1, 0.2, 0.3, 0.4, 0.9);
    private static final StageTime SOURCE = new StageTime("source", 1_000, 1_500);

    @Test
    void aCapturedFrameKnowsNothingOfItsFacesYet() {
        FrameInfo info = FrameInfo.captured("cam", 7, 280_000, 1_700_000_000_000_000L);

        assertEquals(new FrameInfo("cam", 7, 280_000, 1_700_000_000_000_000L, FaceStatus.NOT_RUN, List.of(), "", 0,
                List.of()), info);
    }

    @Test
    void whereNamesTheStreamAndTheSequenceAsAnUnsignedNumber() {
        assertEquals("cam#7", FrameInfo.captured("cam", 7, 0, 0).where());
        // uint64 on the wire: the largest sequence is -1 in a long
        assertEquals("cam#18446744073709551615", FrameInfo.captured("cam", -1, 0, 0).where());
    }

    @Test
    void withStageAppendsOneTimingThatEndsNoEarlierThanItStarted() {
        FrameInfo info = new FrameInfo("cam", 7, 280_000, 42, FaceStatus.OK, List.of(FACE), "", 0, List.of(SOURCE));
        long start = StageClock.nowMicros();

        FrameInfo after = info.withStage("resize", start);

        assertEquals(2, after.stages().size());
        assertEquals(SOURCE, after.stages().get(0));
        StageTime resize = after.stages().get(1);
        assertEquals("resize", resize.stage());
        assertEquals(start, resize.startMicros());
        assertTrue(resize.endMicros() >= start, resize.toString());
        assertEquals(List.of(SOURCE), info.stages(), "the original is left as it was");
        assertEquals(new FrameInfo("cam", 7, 280_000, 42, FaceStatus.OK, List.of(FACE), "", 0, after.stages()), after,
                "nothing but the stages changes");
    }

    @Test
    void withFacesSetsTheStatusFacesAndCarriedFramesAndKeepsTheRest() {
        FrameInfo info = captured();

        FrameInfo found = info.withFaces(FaceStatus.OK, List.of(FACE), 0);
        FrameInfo carried = info.withFaces(FaceStatus.CARRIED, List.of(FACE), 3);

        assertEquals(new FrameInfo("cam", 7, 280_000, 42, FaceStatus.OK, List.of(FACE), "", 0, List.of(SOURCE)), found);
        assertEquals(new FrameInfo("cam", 7, 280_000, 42, FaceStatus.CARRIED, List.of(FACE), "", 3, List.of(SOURCE)),
                carried);
    }

    @Test
    void withDetectionFailedForgetsTheFacesAndSaysWhy() {
        FrameInfo carried = captured().withFaces(FaceStatus.CARRIED, List.of(FACE), 3);

        FrameInfo failed = carried.withDetectionFailed("model timed out");

        assertEquals(new FrameInfo("cam", 7, 280_000, 42, FaceStatus.FAILED, List.of(), "model timed out", 0,
                List.of(SOURCE)), failed);
    }

    @Test
    void facesFoundAfterAFailureClearTheError() {
        FrameInfo failed = captured().withDetectionFailed("model timed out");

        FrameInfo found = failed.withFaces(FaceStatus.OK, List.of(FACE), 0);

        assertEquals("", found.detectionError());
        assertEquals(FaceStatus.OK, found.status());
    }

    @Test
    void itsListsAreCopiesThatCannotBeChanged() {
        List<FaceBox> faces = new ArrayList<>(List.of(FACE));
        List<StageTime> stages = new ArrayList<>(List.of(SOURCE));
        FrameInfo info = new FrameInfo("cam", 7, 0, 0, FaceStatus.OK, faces, "", 0, stages);

        faces.clear();
        stages.add(new StageTime("resize", 2_000, 2_500));

        assertEquals(List.of(FACE), info.faces());
        assertEquals(List.of(SOURCE), info.stages());
        assertThrows(UnsupportedOperationException.class, () -> info.faces().add(FACE));
        assertThrows(UnsupportedOperationException.class, () -> info.stages().add(SOURCE));
        assertThrows(UnsupportedOperationException.class, () -> info.withStage("resize", 0).stages().clear());
        assertThrows(UnsupportedOperationException.class,
                () -> info.withFaces(FaceStatus.OK, faces, 0).faces().add(FACE));
    }

    /** Frame cam#7 as the source made it, with the source's timing. */
    private static FrameInfo captured() {
        return new FrameInfo("cam", 7, 280_000, 42, FaceStatus.NOT_RUN, List.of(), "", 0, List.of(SOURCE));
    }
}
