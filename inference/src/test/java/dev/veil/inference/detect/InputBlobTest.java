package dev.veil.inference.detect;

import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.indexer.UByteIndexer;
import org.bytedeco.opencv.opencv_core.Mat;
import org.junit.jupiter.api.Test;

/** Pre-processing into one NCHW batch tensor, value by value. */
class InputBlobTest {

    /** A 4x2 BGR image whose pixel (x, y) is B = 10x + y, G = 100 + x, R = 200 + y. */
    private static Mat image() {
        Mat m = new Mat(2, 4, CV_8UC3);
        try (UByteIndexer px = m.createIndexer()) {
            for (int y = 0; y < 2; y++) {
                for (int x = 0; x < 4; x++) {
                    px.put(y, x, 0, 10 * x + y);
                    px.put(y, x, 1, 100 + x);
                    px.put(y, x, 2, 200 + y);
                }
            }
        }
        return m;
    }

    @Test
    void eachImageFillsItsSlotWithRgbPlanesAndGreyPadding() {
        // 4x2 into 4x4: scale 1, one row of padding above and below.
        Letterbox box = Letterbox.fit(4, 2, 4, 4);
        int plane = 16;
        int perImage = 3 * plane;
        try (Mat img = image();
             FloatPointer batch = new FloatPointer(2L * perImage)) {
            for (int i = 0; i < 2 * perImage; i++) {
                batch.put(i, -1f);
            }
            InputBlob.letterboxInto(img, box, 114, 1 / 255.0, 0, batch, 1);

            for (int i = 0; i < perImage; i++) {
                assertEquals(-1f, batch.get(i), "slot 0 untouched at " + i);
            }
            int base = perImage;
            for (int y = 0; y < 4; y++) {
                for (int x = 0; x < 4; x++) {
                    boolean padding = y == 0 || y == 3;
                    int sy = y - 1;
                    float r = padding ? 114 : 200 + sy;
                    float g = padding ? 114 : 100 + x;
                    float b = padding ? 114 : 10 * x + sy;
                    assertEquals(r / 255f, batch.get(base + y * 4 + x), 1e-6, "R at " + x + "," + y);
                    assertEquals(g / 255f, batch.get(base + plane + y * 4 + x), 1e-6, "G at " + x + "," + y);
                    assertEquals(b / 255f, batch.get(base + 2 * plane + y * 4 + x), 1e-6, "B at " + x + "," + y);
                }
            }
        }
    }

    @Test
    void aSlotOutsideTheTensorIsRefused() {
        Letterbox box = Letterbox.fit(4, 2, 4, 4);
        try (Mat img = image();
             FloatPointer batch = new FloatPointer(48)) {
            assertThrows(IllegalArgumentException.class, () -> InputBlob.letterboxInto(img, box, 114, 1 / 255.0, 0, batch, 1));
        }
    }
}
