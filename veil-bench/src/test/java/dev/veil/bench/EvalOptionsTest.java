package dev.veil.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.veil.run.UsageException;
import java.util.EnumSet;
import java.util.List;
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

    @Test
    void veilRunsOwnFlagsAreCheckedAsVeilRunChecksThemAndCannotMoveWhatTheEvaluationSets() throws Exception {
        assertEquals(List.of(), EvalOptions.parse().runFlags(), "veil run with its defaults");
        EvalOptions traded = EvalOptions.parse("--only", "end-to-end", "--run-flags",
                " --yunet-scales 0.8,0.5,0.35  --full-search-every 4");
        assertEquals(List.of("--yunet-scales", "0.8,0.5,0.35", "--full-search-every", "4"), traded.runFlags());
        assertEquals("--run-flags: --full-search-every 11 is out of range 1..10",
                refusal("--run-flags", "--full-search-every 11"));
        assertEquals("--run-flags: unknown option --speed", refusal("--run-flags", "--speed 2"));
        for (String set : EvalOptions.FLAGS_EVAL_SETS) {
            assertEquals("--run-flags: " + set + " is set by veil eval itself", refusal("--run-flags", set + " x"));
        }
        assertEquals("--run-flags needs a value", refusal("--run-flags"));
    }

    private static String refusal(String... args) {
        return assertThrows(UsageException.class, () -> EvalOptions.parse(args)).getMessage();
    }
}
