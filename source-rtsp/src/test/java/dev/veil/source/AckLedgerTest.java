package dev.veil.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class AckLedgerTest {

    private static FilePosition after(long sequence) {
        return new FilePosition(sequence + 1, "/v/a.mp4", sequence + 1, 0);
    }

    @Test
    void theResumePositionOnlyMovesOverAnUnbrokenRunOfAcknowledgedFrames() {
        AckLedger ledger = new AckLedger();
        for (long s = 0; s < 5; s++) {
            ledger.emitted(s, after(s));
        }
        assertNull(ledger.committed());
        assertTrue(ledger.acknowledge(1));
        assertTrue(ledger.acknowledge(2));
        assertNull(ledger.committed(), "frame 0 is not acknowledged: a restart must deliver it again");
        assertTrue(ledger.acknowledge(0));
        assertEquals(after(2), ledger.committed());
        assertTrue(ledger.acknowledge(4));
        assertEquals(after(2), ledger.committed());
        assertEquals(1, ledger.outstanding());
        assertTrue(ledger.acknowledge(3));
        assertEquals(after(4), ledger.committed());
        assertEquals(0, ledger.outstanding());
    }

    @Test
    void unknownAndRepeatedAcknowledgementsAreReported() {
        AckLedger ledger = new AckLedger();
        ledger.emitted(0, after(0));
        assertFalse(ledger.acknowledge(9));
        assertTrue(ledger.acknowledge(0));
        assertFalse(ledger.acknowledge(0));
    }

    @Test
    void liveFramesHaveNoPosition() {
        AckLedger ledger = new AckLedger();
        ledger.emitted(0, null);
        assertTrue(ledger.acknowledge(0));
        assertNull(ledger.committed());
    }
}
