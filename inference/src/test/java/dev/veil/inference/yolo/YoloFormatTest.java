package dev.veil.inference.yolo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Recognition of a YOLO face model's layout from its output shapes (one image). */
class YoloFormatTest {

    @Test
    void rawHeadsAreThreeTensorsOfThreeAnchorsAtTheKnownStrides() {
        List<int[]> heads = List.of(new int[]{1, 3, 80, 80, 16}, new int[]{1, 3, 40, 40, 16}, new int[]{1, 3, 20, 20, 16});
        assertEquals(YoloFormat.YOLOV5_HEADS, YoloFormat.recognize(heads, 640));
        // a grid that is no stride of this input is not a head
        assertThrows(IllegalArgumentException.class,
                () -> YoloFormat.recognize(List.of(new int[]{1, 3, 70, 70, 16}), 640));
    }

    @Test
    void rowsOfSixteenAreTheExportedYolov5() {
        assertEquals(YoloFormat.YOLOV5_ROWS, YoloFormat.recognize(List.of(new int[]{1, 25200, 16}), 640));
    }

    @Test
    void fiveOrTwentyChannelsAreYolov8() {
        assertEquals(YoloFormat.YOLOV8, YoloFormat.recognize(List.of(new int[]{1, 5, 8400}), 640));
        assertEquals(YoloFormat.YOLOV8, YoloFormat.recognize(List.of(new int[]{1, 20, 8400}), 640));
        assertThrows(IllegalArgumentException.class, () -> YoloFormat.recognize(List.of(new int[]{1, 6, 8400}), 640));
    }

    @Test
    void anUnknownLayoutIsRefusedNamingItsShapes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> YoloFormat.recognize(List.of(new int[]{1, 8400, 6}, new int[]{1, 2}), 640));
        assertTrue(e.getMessage().startsWith("outputs [[1, 8400, 6], [1, 2]] are none of"), e.getMessage());
    }

    @Test
    void aStatedFormatIsCheckedNotTrusted() {
        List<int[]> v8 = List.of(new int[]{1, 20, 8400});
        assertEquals(YoloFormat.YOLOV8, YoloFormat.YOLOV8.checkedAgainst(v8, 640));
        assertEquals(YoloFormat.YOLOV8, YoloFormat.AUTO.checkedAgainst(v8, 640));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> YoloFormat.YOLOV5_HEADS.checkedAgainst(v8, 640));
        assertTrue(e.getMessage().contains("not yolov5-heads"), e.getMessage());
    }
}
