package dev.veil.inference.network;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class OutputTensorTest {

    /** A batch of 3 images, each a 2x2 output: image i holds i*10 + 0..3. */
    private static final OutputTensor BATCH = new OutputTensor(new int[]{3, 2, 2},
            new float[]{0, 1, 2, 3, 10, 11, 12, 13, 20, 21, 22, 23});

    @Test
    void anItemIsThatImagesValuesAsABatchOfOne() {
        OutputTensor second = BATCH.item(1);

        assertArrayEquals(new int[]{1, 2, 2}, second.shape());
        assertArrayEquals(new float[]{10, 11, 12, 13}, second.values());
        assertArrayEquals(new float[]{20, 21, 22, 23}, BATCH.item(2).values());
        assertThrows(IndexOutOfBoundsException.class, () -> BATCH.item(3));
    }

    @Test
    void firstKeepsTheLeadingImages() {
        OutputTensor two = BATCH.first(2);
        assertArrayEquals(new int[]{2, 2, 2}, two.shape());
        assertArrayEquals(new float[]{0, 1, 2, 3, 10, 11, 12, 13}, two.values());
    }

    @Test
    void concatPutsBatchesOneAfterTheOther() {
        OutputTensor joined = OutputTensor.concat(List.of(BATCH.item(2), BATCH.first(2)));

        assertArrayEquals(new int[]{3, 2, 2}, joined.shape());
        assertArrayEquals(new float[]{20, 21, 22, 23, 0, 1, 2, 3, 10, 11, 12, 13}, joined.values());
        assertThrows(IllegalArgumentException.class,
                () -> OutputTensor.concat(List.of(BATCH, new OutputTensor(new int[]{1, 4}, new float[4]))));
    }

    @Test
    void concatEachJoinsEveryOutputAcrossRuns() {
        OutputTensor scores = new OutputTensor(new int[]{1, 1}, new float[]{7});
        List<OutputTensor> joined = OutputTensor.concatEach(List.of(List.of(BATCH.item(2), scores),
                List.of(BATCH.first(2), new OutputTensor(new int[]{2, 1}, new float[]{8, 9}))));

        assertEquals(2, joined.size());
        assertArrayEquals(new float[]{20, 21, 22, 23, 0, 1, 2, 3, 10, 11, 12, 13}, joined.get(0).values());
        assertArrayEquals(new int[]{3, 1}, joined.get(1).shape());
        assertArrayEquals(new float[]{7, 8, 9}, joined.get(1).values());
        assertThrows(IllegalArgumentException.class, () -> OutputTensor.concatEach(List.of()));
    }

    @Test
    void aShapeMustMatchItsValues() {
        assertThrows(IllegalArgumentException.class, () -> new OutputTensor(new int[]{2, 3}, new float[5]));
    }
}
