package dev.veil.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.veil.accuracy.SizeBucket;
import dev.veil.bench.FaceDetailJudge.Counts;
import dev.veil.run.CpuPart;
import dev.veil.run.FrameCpu;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class EndToEndRunsTest {

    /** A run that hid {@code hidden} of 100 faces of 16-32 px, with {@code visibleFrames} frames still showing one. */
    private static EndToEndRuns.Run run(int hidden, int visibleFrames, double fps) {
        return run(9, hidden, visibleFrames, fps);
    }

    /** As above, having hidden {@code smallHidden} of 10 faces under 16 px. */
    private static EndToEndRuns.Run run(int smallHidden, int hidden, int visibleFrames, double fps) {
        Map<SizeBucket, Counts> buckets = Map.of(SizeBucket.UNDER_16, new Counts(10, smallHidden),
                SizeBucket.FROM_16_TO_32, new Counts(100, hidden), SizeBucket.FROM_32_TO_64, new Counts(0, 0),
                SizeBucket.OVER_64, new Counts(0, 0));
        FrameCpu cpu = new FrameCpu(Map.of(CpuPart.DETECTOR, fps), 2 * fps, 2);
        return new EndToEndRuns.Run(new FaceDetailJudge.Verdict(buckets, 90, visibleFrames, 90, 90), fps,
                Optional.of(cpu));
    }

    @Test
    void oneRunIsItsOwnMedianAndWorst() {
        EndToEndRuns.Run only = run(99, 1, 31.24);
        EndToEndRuns runs = new EndToEndRuns(List.of(only));
        assertSame(only, runs.median());
        assertSame(only, runs.worst());
        assertTrue(runs.sameFaces());
        assertEquals("31.2", runs.framesPerSecondCell());
    }

    @Test
    void theMedianIsTheMiddleRunByFrameRateWithTheSlowestAndFastestBeside() {
        EndToEndRuns.Run slow = run(100, 0, 27.5);
        EndToEndRuns.Run middle = run(100, 0, 31.0);
        EndToEndRuns.Run fast = run(100, 0, 33.04);
        EndToEndRuns runs = new EndToEndRuns(List.of(fast, slow, middle));
        assertSame(middle, runs.median());
        assertEquals(31.0, runs.median().cpu().orElseThrow().of(CpuPart.DETECTOR));
        assertEquals(27.5, runs.slowest());
        assertEquals(33.04, runs.fastest());
        assertEquals("31.0 (27.5-33.0)", runs.framesPerSecondCell());
    }

    @Test
    void withAnEvenCountTheSlowerOfTheTwoMiddleRunsIsTheMedian() {
        EndToEndRuns.Run a = run(100, 0, 30.0);
        EndToEndRuns.Run b = run(100, 0, 29.0);
        EndToEndRuns.Run c = run(100, 0, 32.0);
        EndToEndRuns.Run d = run(100, 0, 35.0);
        assertSame(a, new EndToEndRuns(List.of(d, c, b, a)).median());
        assertSame(b, new EndToEndRuns(List.of(b, c)).median());
    }

    @Test
    void privacyIsJudgedOnTheRunThatLeftTheMostFacesDetailed() {
        EndToEndRuns.Run good = run(100, 0, 30);
        EndToEndRuns.Run twoLeft = run(98, 2, 31);
        EndToEndRuns.Run twoLeftInMoreFrames = run(98, 3, 32);
        EndToEndRuns runs = new EndToEndRuns(List.of(good, twoLeft, twoLeftInMoreFrames, good));
        assertSame(twoLeftInMoreFrames, runs.worst());
        assertFalse(runs.sameFaces());
        assertSame(twoLeft, new EndToEndRuns(List.of(good, twoLeft, run(98, 2, 40))).worst());
    }

    @Test
    void runsThatHidTheSameFacesAreTheSame() {
        assertTrue(new EndToEndRuns(List.of(run(97, 3, 28), run(97, 3, 31))).sameFaces());
        // The same count of faces 16 px and more, but not of the smaller ones: not the same faces.
        assertFalse(new EndToEndRuns(List.of(run(97, 3, 28), run(8, 97, 3, 30))).sameFaces());
    }

    @Test
    void noRunIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new EndToEndRuns(List.of()));
    }
}
