package dev.veil.sink;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.veil.sink.WriteOrder.Verdict;
import org.junit.jupiter.api.Test;

class WriteOrderTest {

    private static final long T = 1_700_000_000_000_000L;

    @Test
    void onlyFramesAfterTheLastWrittenAreWritten() {
        WriteOrder order = new WriteOrder();
        assertEquals(Verdict.NEXT, order.check(5, T + 5), "the first frame, whatever its sequence");
        order.written(5, T + 5);
        assertEquals(Verdict.NEXT, order.check(9, T + 9), "a gap is fine");
        order.written(9, T + 9);
        assertEquals(Verdict.BEHIND, order.check(9, T + 9), "the same frame again: a retry");
        assertEquals(Verdict.BEHIND, order.check(7, T + 7), "overtaken by a later frame");
    }

    @Test
    void aLowerSequenceCapturedLaterIsARestart() {
        WriteOrder order = new WriteOrder();
        order.written(400, T + 400);
        assertEquals(Verdict.RESTARTED, order.check(0, T + 10_000));
        order.written(0, T + 10_000);
        assertEquals(Verdict.NEXT, order.check(1, T + 10_040));
    }

    @Test
    void sequencesAreUnsigned() {
        WriteOrder order = new WriteOrder();
        order.written(Long.MAX_VALUE, T);
        assertEquals(Verdict.NEXT, order.check(Long.MIN_VALUE, T + 1), "2^63 follows 2^63-1 on the uint64 wire");
    }
}
