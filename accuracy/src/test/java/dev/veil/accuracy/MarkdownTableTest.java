package dev.veil.accuracy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MarkdownTableTest {

    @Test
    void writesGitHubMarkdown() {
        MarkdownTable t = MarkdownTable.of("detector", "recall").withRow("yunet", "95.0% (19/20)").withRow("a|b", "-");
        assertEquals("""
                | detector | recall |
                | --- | --- |
                | yunet | 95.0% (19/20) |
                | a\\|b | - |
                """, t.markdown());
    }

    @Test
    void formatsSharesAndNumbers() {
        assertEquals("95.0% (19/20)", MarkdownTable.share(19, 20));
        assertEquals("33.3% (1/3)", MarkdownTable.share(1, 3));
        assertEquals("-", MarkdownTable.share(0, 0));
        assertEquals("0.25", MarkdownTable.decimal(0.25, 2));
        assertEquals("-", MarkdownTable.decimal(Double.NaN, 2));
    }

    @Test
    void refusesRowsOfTheWrongWidth() {
        assertThrows(IllegalArgumentException.class, () -> MarkdownTable.of("a", "b").withRow("only one"));
    }

    @Test
    void summaryTableHasOneRowPerBucketAndTotals() {
        ScoreSummary s = new ScoreSummary(Map.of(SizeBucket.UNDER_16, new BucketCounts(4, 1, 2),
                SizeBucket.OVER_64, new BucketCounts(2, 2, 2)), 3, 5, 1, 3, 2);
        assertEquals("""
                | face height at 720p | faces | found | covered |
                | --- | --- | --- | --- |
                | < 16 | 4 | 25.0% (1/4) | 50.0% (2/4) |
                | 16-32 | 0 | - | - |
                | 32-64 | 0 | - | - |
                | > 64 | 2 | 100.0% (2/2) | 100.0% (2/2) |
                | >= 16 | 2 | 100.0% (2/2) | 100.0% (2/2) |
                | all | 6 | 50.0% (3/6) | 66.7% (4/6) |
                """, s.bucketTable().markdown());
        assertEquals(List.of("face height at 720p", "faces", "found", "covered"), s.bucketTable().header());
    }
}
