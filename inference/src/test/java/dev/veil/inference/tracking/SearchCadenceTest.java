package dev.veil.inference.tracking;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SearchCadenceTest {

    private static List<Boolean> coarse(SearchCadence cadence, String stream, long from, long to) {
        List<Boolean> out = new ArrayList<>();
        for (long seq = from; seq < to; seq++) {
            out.add(cadence.coarse(stream, seq));
        }
        return out;
    }

    @Test
    void oneFrameInNIsSearchedInFullStartingWithTheStreamsFirst() {
        SearchCadence cadence = new SearchCadence(3);
        assertEquals(List.of(false, true, true, false, true, true, false), coarse(cadence, "cam", 10, 17));
        assertFalse(cadence.coarse("other", 17), "another stream's first frame");
        assertTrue(cadence.coarse("cam", 17), "one frame after cam's full search at 16");
    }

    @Test
    void aFullSearchCountsWhenChosenSoFramesChosenBeforeItsDetectionEndedKeepTheCadence() {
        // Nothing but the choices: no detection has ended for any of them.
        SearchCadence cadence = new SearchCadence(3);
        assertFalse(cadence.coarse("cam", 0));
        assertTrue(cadence.coarse("cam", 1));
        assertTrue(cadence.coarse("cam", 2));
        assertFalse(cadence.coarse("cam", 3));
    }

    @Test
    void aStreamThatStartsAgainOrAFrameAskedAgainIsSearchedInFull() {
        SearchCadence cadence = new SearchCadence(3);
        assertEquals(List.of(false, true, true, false, true), coarse(cadence, "cam", 100, 105));
        assertFalse(cadence.coarse("cam", 103), "the frame of the full search itself, again");
        assertFalse(cadence.coarse("cam", 0), "the count went back: the stream started again");
        assertTrue(cadence.coarse("cam", 1));
    }

    @Test
    void aFailedFullSearchIsTakenBackSoTheNextFrameIsSearchedInFull() {
        SearchCadence cadence = new SearchCadence(3);
        assertFalse(cadence.coarse("cam", 0));
        cadence.failed("cam", 0);
        assertFalse(cadence.coarse("cam", 1), "the full search at 0 failed");
        cadence.failed("cam", 0);
        assertTrue(cadence.coarse("cam", 2), "a failure of an older frame does not take back the newer search");
    }

    @Test
    void everyFrameInFullWhenNIsOneAndNoLessThanOne() {
        SearchCadence cadence = new SearchCadence(1);
        assertEquals(List.of(false, false, false), coarse(cadence, "cam", 0, 3));
        assertThrows(IllegalArgumentException.class, () -> new SearchCadence(0));
    }

    @Test
    void theLeastRecentlySeenStreamIsForgottenBeyondTheLimit() {
        SearchCadence cadence = new SearchCadence(3);
        for (int i = 0; i <= FaceTracker.MAX_STREAMS; i++) {
            assertFalse(cadence.coarse("cam-" + i, 0));
        }
        assertFalse(cadence.coarse("cam-0", 1), "forgotten: its next frame is a first frame");
        assertTrue(cadence.coarse("cam-" + FaceTracker.MAX_STREAMS, 1), "remembered");
    }
}
