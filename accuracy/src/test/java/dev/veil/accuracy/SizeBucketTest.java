package dev.veil.accuracy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class SizeBucketTest {

    @Test
    void edgesAt720pBelongToTheUpperBucket() {
        assertEquals(SizeBucket.UNDER_16, SizeBucket.of(15.999, 720));
        assertEquals(SizeBucket.FROM_16_TO_32, SizeBucket.of(16, 720));
        assertEquals(SizeBucket.FROM_16_TO_32, SizeBucket.of(31.999, 720));
        assertEquals(SizeBucket.FROM_32_TO_64, SizeBucket.of(32, 720));
        assertEquals(SizeBucket.FROM_32_TO_64, SizeBucket.of(63.999, 720));
        assertEquals(SizeBucket.OVER_64, SizeBucket.of(64, 720));
        assertEquals(SizeBucket.UNDER_16, SizeBucket.of(0, 720));
    }

    @Test
    void otherFrameHeightsAreScaledTo720Rows() {
        // 1080 rows: 24 px is 16 at 720p, 48 px is 32.
        assertEquals(SizeBucket.UNDER_16, SizeBucket.of(23.9, 1080));
        assertEquals(SizeBucket.FROM_16_TO_32, SizeBucket.of(24, 1080));
        assertEquals(SizeBucket.FROM_32_TO_64, SizeBucket.of(48, 1080));
        // 360 rows: 8 px is 16 at 720p.
        assertEquals(SizeBucket.FROM_16_TO_32, SizeBucket.of(8, 360));
        // test.jpg, 1150 rows: a face of 25.5 px is 15.96 at 720p, one of 25.6 px is 16.03.
        assertEquals(SizeBucket.UNDER_16, SizeBucket.of(25.5, 1150));
        assertEquals(SizeBucket.FROM_16_TO_32, SizeBucket.of(25.6, 1150));
        assertThrows(IllegalArgumentException.class, () -> SizeBucket.of(10, 0));
    }

    @Test
    void labelsAndOrderAsReportsShowThem() {
        assertEquals(List.of("< 16", "16-32", "32-64", "> 64"),
                Arrays.stream(SizeBucket.values()).map(SizeBucket::label).toList());
        assertFalse(SizeBucket.UNDER_16.atLeast16());
        assertTrue(SizeBucket.FROM_16_TO_32.atLeast16());
        assertTrue(SizeBucket.OVER_64.atLeast16());
    }
}
