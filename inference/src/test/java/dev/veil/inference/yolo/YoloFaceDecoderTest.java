package dev.veil.inference.yolo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.veil.inference.detect.Candidate;
import dev.veil.inference.detect.Landmark;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class YoloFaceDecoderTest {

    /** logit(0.9): sigmoid of it is exactly 0.9 (up to rounding). */
    private static final float LOGIT_09 = (float) Math.log(9);

    /** A raw head [3][h][w][16] with every objectness very negative: no face anywhere. */
    private static float[] emptyHead(int h, int w) {
        float[] head = new float[3 * h * w * 16];
        for (int i = 4; i < head.length; i += 16) {
            head[i] = -20f;
        }
        return head;
    }

    private static int row(int anchor, int gy, int gx, int h, int w) {
        return ((anchor * h + gy) * w + gx) * 16;
    }

    @Test
    void decodesOneCellOfAStride8HeadAgainstItsGridAndAnchor() {
        int h = 2;
        int w = 3;
        float[] head = emptyHead(h, w);
        int r = row(1, 1, 2, h, w); // second anchor (8x10), row 1, column 2
        // x, y, w, h logits 0 -> sigmoid 0.5: xy = (2*0.5 - 0.5 + g) * 8, wh = (2*0.5)^2 * anchor.
        head[r + 4] = LOGIT_09;   // objectness 0.9
        head[r + 15] = LOGIT_09;  // face class 0.9
        for (int k = 0; k < 5; k++) {
            head[r + 5 + 2 * k] = 0.5f * k;  // landmark x = raw * 8 + 2 * 8
            head[r + 6 + 2 * k] = -0.25f;    // landmark y = raw * 10 + 1 * 8
        }

        List<Candidate> out = YoloFaceDecoder.decodeRawHead(head, h, w, 8, 0.5);

        assertEquals(1, out.size());
        Candidate c = out.get(0);
        // centre (2.5 * 8, 1.5 * 8) = (20, 12), size 8 x 10
        assertEquals(16.0, c.x1(), 1e-9);
        assertEquals(7.0, c.y1(), 1e-9);
        assertEquals(24.0, c.x2(), 1e-9);
        assertEquals(17.0, c.y2(), 1e-9);
        assertEquals(0.81, c.score(), 1e-6);
        assertEquals(5, c.landmarks().size());
        for (int k = 0; k < 5; k++) {
            assertEquals(0.5 * k * 8 + 16, c.landmarks().get(k).x(), 1e-6);
            assertEquals(-0.25 * 10 + 8, c.landmarks().get(k).y(), 1e-6);
        }
    }

    @Test
    void saturatedBoxLogitsGiveTheLargestBoxAnAnchorAllows() {
        float[] head = emptyHead(1, 1);
        head[4] = 20f;
        head[15] = 20f;
        Arrays.fill(head, 0, 4, 50f); // sigmoid -> 1: xy = (2 - 0.5 + 0) * 32 = 48, wh = 4 * anchor
        List<Candidate> out = YoloFaceDecoder.decodeRawHead(head, 1, 1, 32, 0.5);

        assertEquals(1, out.size());
        Candidate c = out.get(0);
        // first anchor of stride 32 is 146x217 -> 584 x 868 around (48, 48)
        assertEquals(48 - 292.0, c.x1(), 1e-6);
        assertEquals(48 + 292.0, c.x2(), 1e-6);
        assertEquals(48 - 434.0, c.y1(), 1e-6);
        assertEquals(48 + 434.0, c.y2(), 1e-6);
    }

    @Test
    void scoreIsObjectnessTimesClassAndIsThresholded() {
        float[] head = emptyHead(1, 1);
        head[4] = LOGIT_09;
        head[15] = 0f; // 0.9 * 0.5 = 0.45
        assertEquals(0, YoloFaceDecoder.decodeRawHead(head, 1, 1, 16, 0.5).size());
        List<Candidate> low = YoloFaceDecoder.decodeRawHead(head, 1, 1, 16, 0.4);
        assertEquals(1, low.size());
        assertEquals(0.45, low.get(0).score(), 1e-6);
    }

    @Test
    void notANumberIsNoFace() {
        float[] head = emptyHead(1, 1);
        head[4] = Float.NaN;
        head[15] = 20f;
        assertTrue(YoloFaceDecoder.decodeRawHead(head, 1, 1, 8, 0.5).isEmpty());
    }

    @Test
    void anchorsFollowTheStride() {
        assertArrayEquals(new double[]{4, 5, 8, 10, 13, 16}, YoloFaceDecoder.anchors(8));
        assertArrayEquals(new double[]{23, 29, 43, 55, 73, 105}, YoloFaceDecoder.anchors(16));
        assertArrayEquals(new double[]{146, 217, 231, 300, 335, 433}, YoloFaceDecoder.anchors(32));
        assertThrows(IllegalArgumentException.class, () -> YoloFaceDecoder.anchors(64));
    }

    @Test
    void refusesAHeadShorterThanItsShape() {
        assertThrows(IllegalArgumentException.class, () -> YoloFaceDecoder.decodeRawHead(new float[16], 2, 2, 8, 0.5));
    }

    @Test
    void decodesTheExportedLayoutAsItIs() {
        float[] rows = new float[2 * 16];
        // row 0: a face at (100, 50), 40 x 60, objectness 0.8, class 0.9, landmarks (k, 10k)
        rows[0] = 100;
        rows[1] = 50;
        rows[2] = 40;
        rows[3] = 60;
        rows[4] = 0.8f;
        for (int k = 0; k < 5; k++) {
            rows[5 + 2 * k] = k;
            rows[6 + 2 * k] = 10 * k;
        }
        rows[15] = 0.9f;
        // row 1: objectness 0.3 -> below threshold
        rows[16 + 2] = 10;
        rows[16 + 3] = 10;
        rows[16 + 4] = 0.3f;
        rows[16 + 15] = 1f;

        List<Candidate> out = YoloFaceDecoder.decodeExported(rows, 2, 0.5);

        assertEquals(1, out.size());
        Candidate c = out.get(0);
        assertEquals(80.0, c.x1(), 1e-6);
        assertEquals(20.0, c.y1(), 1e-6);
        assertEquals(120.0, c.x2(), 1e-6);
        assertEquals(80.0, c.y2(), 1e-6);
        assertEquals(0.72, c.score(), 1e-6);
        assertEquals(new Landmark(3, 30), c.landmarks().get(3));
    }

    @Test
    void decodesYolov8ChannelMajorWithKeyPoints() {
        int n = 2;
        float[] v = new float[20 * n];
        // candidate 1: centre (100, 60), 40 x 50, score 0.7, key points (90 + k, 50 + 2k), visibility 0.5
        v[1] = 100;
        v[n + 1] = 60;
        v[2 * n + 1] = 40;
        v[3 * n + 1] = 50;
        v[4 * n + 1] = 0.7f;
        for (int k = 0; k < 5; k++) {
            v[(5 + 3 * k) * n + 1] = 90 + k;
            v[(6 + 3 * k) * n + 1] = 50 + 2 * k;
            v[(7 + 3 * k) * n + 1] = 0.5f;
        }
        // candidate 0: score 0.4 -> below the threshold
        v[2 * n] = 10;
        v[3 * n] = 10;
        v[4 * n] = 0.4f;

        List<Candidate> out = YoloFaceDecoder.decodeV8(v, 20, n, 0.5);

        assertEquals(1, out.size());
        Candidate c = out.get(0);
        assertEquals(80.0, c.x1(), 1e-6);
        assertEquals(35.0, c.y1(), 1e-6);
        assertEquals(120.0, c.x2(), 1e-6);
        assertEquals(85.0, c.y2(), 1e-6);
        assertEquals(0.7, c.score(), 1e-6);
        assertEquals(new Landmark(93, 56), c.landmarks().get(3));
    }

    @Test
    void decodesYolov8WithoutKeyPointsAndSkipsEmptyBoxes() {
        // channel-major: centre x of both, centre y of both, widths, heights, scores; the first has no width
        float[] v = {50, 50, 30, 30, 0, 20, 10, 10, 0.9f, 0.9f};
        List<Candidate> out = YoloFaceDecoder.decodeV8(v, 5, 2, 0.5);
        assertEquals(1, out.size());
        assertEquals(new Candidate(40, 25, 60, 35, 0.9f, List.of()), out.get(0));
        assertThrows(IllegalArgumentException.class, () -> YoloFaceDecoder.decodeV8(v, 6, 1, 0.5));
    }
}
