package dev.veil.display;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.veil.display.ReorderWindow.Released;
import dev.veil.display.ReorderWindow.Verdict;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The reorder window with exact times (microseconds); "capture" is the frame's capture time, as the source sets it. */
class ReorderWindowTest {

    private static final long WAIT = 100_000; // 100 ms
    private static final long C0 = 1_700_000_000_000_000L;

    private final ReorderWindow<String> window = new ReorderWindow<>(4, WAIT);

    /** Offers frame {@code seq}, captured 40 ms after frame 0, at time {@code now}; returns the sequences released. */
    private List<Long> offer(long seq, long now) {
        return sequences(window.offer(seq, C0 + seq * 40_000, "f" + seq, now).released());
    }

    private static List<Long> sequences(List<Released<String>> released) {
        return released.stream().map(Released::sequence).toList();
    }

    @Test
    void framesInOrderPassAtOnceAfterTheFirst() {
        assertEquals(List.of(), offer(0, 0), "the first frame waits: an earlier one may still come");
        assertEquals(List.of(0L), sequences(window.releaseDue(WAIT)));
        assertEquals(List.of(1L), offer(1, WAIT + 1));
        assertEquals(List.of(2L), offer(2, WAIT + 2));
        assertEquals(0, window.holding());
    }

    @Test
    void anEarlierFrameThatArrivesWithinTheWindowIsPutBackInPlace() {
        offer(0, 0);
        window.releaseDue(WAIT);
        assertEquals(List.of(), offer(2, 200_000), "2 waits for 1");
        assertEquals(List.of(), offer(3, 201_000));
        assertEquals(List.of(1L, 2L, 3L), offer(1, 202_000), "1 came: all three go, in order");
        List<Released<String>> none = window.releaseDue(1_000_000);
        assertEquals(List.of(), none);
    }

    @Test
    void aGapIsGivenUpAfterTheWaitAndCountedAsMissing() {
        offer(0, 0);
        window.releaseDue(WAIT);
        offer(3, 200_000);
        assertEquals(List.of(), sequences(window.releaseDue(200_000 + WAIT - 1)));
        List<Released<String>> released = window.releaseDue(200_000 + WAIT);
        assertEquals(List.of(3L), sequences(released));
        assertEquals(2, released.get(0).missingBefore(), "1 and 2 never came");
        ReorderWindow.Offer<String> late = window.offer(2, C0 + 2 * 40_000, "f2", 400_000);
        assertEquals(Verdict.LATE, late.verdict(), "2 comes after its place was given up");
        assertEquals(List.of(), late.released());
    }

    @Test
    void aFullWindowReleasesItsOldestFrame() {
        offer(0, 0);
        window.releaseDue(WAIT);
        assertEquals(List.of(), offer(2, 1));
        assertEquals(List.of(), offer(3, 2));
        assertEquals(List.of(), offer(4, 3));
        assertEquals(List.of(), offer(5, 4), "four frames held: the window's size");
        assertEquals(List.of(2L, 3L, 4L, 5L, 6L), offer(6, 5), "a fifth: 1 is given up, and all that follows goes on");
        assertEquals(0, window.holding());
    }

    @Test
    void duplicatesAndOldFramesAreLate() {
        offer(0, 0);
        window.releaseDue(WAIT);
        offer(1, WAIT);
        assertEquals(Verdict.LATE, window.offer(1, C0 + 40_000, "again", WAIT + 1).verdict(), "shown already");
        offer(3, WAIT + 2);
        assertEquals(Verdict.LATE, window.offer(3, C0 + 3 * 40_000, "again", WAIT + 3).verdict(), "held already");
        assertEquals(Verdict.LATE, window.offer(0, C0, "old", WAIT + 4).verdict());
    }

    @Test
    void aStreamThatCountsFromZeroAgainIsARestartNotAFreeze() {
        for (long seq = 0; seq < 50; seq++) {
            offer(seq, seq * 40_000);
        }
        window.releaseDue(10_000_000);
        // The source restarted a minute later: sequence 0 again, captured after everything shown.
        long later = C0 + 60_000_000;
        ReorderWindow.Offer<String> first = window.offer(0, later, "new0", 11_000_000);
        assertEquals(Verdict.RESTARTED, first.verdict());
        assertEquals(List.of(0L), sequences(window.releaseDue(11_000_000 + WAIT)), "the new stream is shown");
        assertEquals(List.of(1L), sequences(window.offer(1, later + 40_000, "new1", 11_200_000).released()));
    }

    @Test
    void aRestartReleasesWhatWasHeldFirst() {
        offer(0, 0);
        window.releaseDue(WAIT);
        offer(5, WAIT + 1); // held, waiting for 1..4
        ReorderWindow.Offer<String> restart = window.offer(0, C0 + 60_000_000, "new0", WAIT + 2);
        assertEquals(Verdict.RESTARTED, restart.verdict());
        assertEquals(List.of(5L), sequences(restart.released()), "the old stream's last frame is not lost");
        assertEquals(List.of(0L), sequences(window.releaseDue(WAIT + 2 + WAIT)));
    }

    @Test
    void aWindowOfZeroShowsEveryFrameAsItComes() {
        ReorderWindow<String> none = new ReorderWindow<>(0, 0);
        assertEquals(List.of(5L), sequences(none.offer(5, C0 + 5, "5", 0).released()));
        assertEquals(Verdict.LATE, none.offer(3, C0 + 3, "3", 1).verdict());
        List<Released<String>> nine = none.offer(9, C0 + 9, "9", 2).released();
        assertEquals(3, nine.get(0).missingBefore());
    }

    @Test
    void sequencesAreUnsigned() {
        ReorderWindow<String> none = new ReorderWindow<>(0, 0);
        none.offer(Long.MAX_VALUE, C0, "a", 0);
        assertEquals(List.of(Long.MIN_VALUE), sequences(none.offer(Long.MIN_VALUE, C0 + 1, "b", 1).released()),
                "2^63 follows 2^63-1 on the uint64 wire");
    }

    @Test
    void aNegativeWindowIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new ReorderWindow<String>(-1, 0));
    }

    @Test
    void aForgedHugeSequenceRestartsTheWindowAndTheRealFramesRestartItBack() {
        offer(0, 0);
        window.releaseDue(WAIT);
        assertEquals(List.of(1L), offer(1, WAIT + 1));
        long forged = 1_000_000_000_000_000L;
        ReorderWindow.Offer<String> jump = window.offer(forged, C0 + 80_000, "forged", WAIT + 2);
        assertEquals(Verdict.RESTARTED, jump.verdict(), "no stream skips 10^15 frames and goes on");
        assertEquals(List.of(forged), sequences(window.releaseDue(2 * WAIT + 2)));

        // Frame 2 is far behind the forged one and captured no later: without the jump rule it would be late.
        ReorderWindow.Offer<String> back = window.offer(2, C0 + 80_000, "f2", 2 * WAIT + 3);
        assertEquals(Verdict.RESTARTED, back.verdict());
        assertEquals(List.of(2L), sequences(window.releaseDue(3 * WAIT + 3)));
        assertEquals(List.of(3L), offer(3, 3 * WAIT + 4), "and the stream goes on in order");
    }

    @Test
    void aJumpIsMeasuredBothWaysOnUnsignedSequences() {
        assertEquals(false, ReorderWindow.jumps(100, 0));
        assertEquals(false, ReorderWindow.jumps(ReorderWindow.MAX_SEQUENCE_JUMP, 0));
        assertEquals(true, ReorderWindow.jumps(ReorderWindow.MAX_SEQUENCE_JUMP + 1, 0));
        assertEquals(true, ReorderWindow.jumps(0, ReorderWindow.MAX_SEQUENCE_JUMP + 1));
        assertEquals(true, ReorderWindow.jumps(-1L, 5), "2^64-1 is far ahead of 5, not behind it");
        assertEquals(false, ReorderWindow.jumps(-1L, -3L));
    }

    @Test
    void aJumpWhileFramesAreHeldReleasesThem() {
        offer(0, 0);
        window.releaseDue(WAIT);
        offer(2, 200_000); // held, waiting for 1
        ReorderWindow.Offer<String> jump = window.offer(5_000_000, C0 + 100_000, "far", 200_001);
        assertEquals(Verdict.RESTARTED, jump.verdict());
        assertEquals(List.of(2L), sequences(jump.released()), "what was held is shown, not lost");
    }
}
