package dev.veil.display;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SequenceGateTest {

    @Test
    void onlyFramesNewerThanTheNewestShownPass() {
        SequenceGate gate = new SequenceGate();
        assertTrue(gate.admit(5), "the first frame of a stream is shown whatever its sequence");
        assertFalse(gate.admit(3), "older");
        assertFalse(gate.admit(5), "the same frame again, e.g. redelivered");
        assertTrue(gate.admit(9), "gaps are fine: frames get dropped upstream");
        assertFalse(gate.admit(6));
        assertTrue(gate.admit(10));
    }

    @Test
    void sequencesAreUnsigned() {
        SequenceGate gate = new SequenceGate();
        assertTrue(gate.admit(Long.MAX_VALUE));
        assertTrue(gate.admit(Long.MIN_VALUE), "2^63 follows 2^63-1 on the uint64 wire");
        assertFalse(gate.admit(1));
    }
}
