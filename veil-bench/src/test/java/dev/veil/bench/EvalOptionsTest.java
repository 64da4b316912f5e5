package dev.veil.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.veil.run.UsageException;
import java.util.EnumSet;
import org.junit.jupiter.api.Test;

class EvalOptionsTest {

    @Test
    void oneRunOfEachClipUnlessToldMore() throws Exception {
        assertEquals(1, EvalOptions.parse().runs());
        EvalOptions three = EvalOptions.parse("--only", "end-to-end", "--runs", "3");
        assertEquals(3, three.runs());
        assertEquals(EnumSet.of(EvalOptions.Section.END_TO_END), three.sections());
        assertEquals(EvalOptions.MAX_RUNS, EvalOptions.parse("--runs", Integer.toString(EvalOptions.MAX_RUNS)).runs());
    }

    @Test
    void runsOutOfRangeOrNotANumberAreRefusedByName() {
        for (String bad : new String[]{"0", "10", "-1", "three", "2.5"}) {
            UsageException e = assertThrows(UsageException.class, () -> EvalOptions.parse("--runs", bad), bad);
            assertTrue(e.getMessage().startsWith("--runs " + bad), e.getMessage());
        }
        UsageException missing = assertThrows(UsageException.class, () -> EvalOptions.parse("--runs"));
        assertEquals("--runs needs a value", missing.getMessage());
    }

    @Test
    void theHelpGivesTheRangesTheParserEnforces() throws Exception {
        assertTrue(EvalOptions.USAGE.contains("1 to " + EvalOptions.MAX_RUNS + " (default 1)"), EvalOptions.USAGE);
        assertTrue(EvalOptions.USAGE.contains(EvalOptions.MIN_FRAMES + " to " + EvalOptions.MAX_FRAMES
                + " (default " + EvalOptions.DEFAULT_FRAMES + ":"), EvalOptions.USAGE);
        assertEquals(EvalOptions.MAX_FRAMES, EvalOptions.parse("--frames", Integer.toString(EvalOptions.MAX_FRAMES))
                .frames());
        assertThrows(UsageException.class,
                () -> EvalOptions.parse("--frames", Integer.toString(EvalOptions.MAX_FRAMES + 1)));
        assertThrows(UsageException.class,
                () -> EvalOptions.parse("--frames", Integer.toString(EvalOptions.MIN_FRAMES - 1)));
        assertEquals(EvalOptions.DEFAULT_FRAMES, EvalOptions.parse().frames());
    }
}
