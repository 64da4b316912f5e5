package dev.veil.inference.yunet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.veil.inference.detect.Candidate;
import dev.veil.inference.network.OutputTensor;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** YuNet's raw heads decoded by hand-made outputs whose faces are known exactly. */
class YuNetDecoderTest {

    /** Outputs for a 64x32 input: 8x4 cells at stride 8, 4x2 at 16, 2x1 at 32; every score 0. */
    private static Map<String, OutputTensor> empty(int width, int height) {
        Map<String, OutputTensor> out = new HashMap<>();
        for (int stride : YuNetDecoder.STRIDES) {
            int cells = (width / stride) * (height / stride);
            out.put("cls_" + stride, new OutputTensor(new int[]{1, cells, 1}, new float[cells]));
            out.put("obj_" + stride, new OutputTensor(new int[]{1, cells, 1}, new float[cells]));
            out.put("bbox_" + stride, new OutputTensor(new int[]{1, cells, 4}, new float[cells * 4]));
            out.put("kps_" + stride, new OutputTensor(new int[]{1, cells, 10}, new float[cells * 10]));
        }
        return out;
    }

    @Test
    void aCellDecodesToItsBoxScoreAndLandmarks() {
        Map<String, OutputTensor> out = empty(64, 32);
        // Stride 16, row 1, column 2: cell index 1 * 4 + 2 = 6.
        int idx = 6;
        out.get("cls_16").values()[idx] = 0.64f;
        out.get("obj_16").values()[idx] = 1.0f;
        float[] box = out.get("bbox_16").values();
        box[idx * 4] = 0.5f;                      // centre x = (2 + 0.5) * 16 = 40
        box[idx * 4 + 1] = -0.25f;                // centre y = (1 - 0.25) * 16 = 12
        box[idx * 4 + 2] = (float) Math.log(1.5); // width = 1.5 * 16 = 24
        box[idx * 4 + 3] = 0f;                    // height = 16
        float[] kps = out.get("kps_16").values();
        for (int n = 0; n < 5; n++) {
            kps[idx * 10 + 2 * n] = 0.1f * n;         // x = (2 + 0.1 n) * 16
            kps[idx * 10 + 2 * n + 1] = -0.1f * n;    // y = (1 - 0.1 n) * 16
        }

        List<Candidate> found = YuNetDecoder.decode(out, 64, 32, 0.5);

        assertEquals(1, found.size());
        Candidate c = found.get(0);
        assertEquals(0.8, c.score(), 1e-6, "sqrt(0.64 x 1.0)");
        assertEquals(40 - 12, c.x1(), 1e-5);
        assertEquals(12 - 8, c.y1(), 1e-5);
        assertEquals(40 + 12, c.x2(), 1e-5);
        assertEquals(12 + 8, c.y2(), 1e-5);
        assertEquals(5, c.landmarks().size());
        for (int n = 0; n < 5; n++) {
            assertEquals((2 + 0.1 * n) * 16, c.landmarks().get(n).x(), 1e-5);
            assertEquals((1 - 0.1 * n) * 16, c.landmarks().get(n).y(), 1e-5);
        }
    }

    @Test
    void scoresAreClampedAndThresholded() {
        Map<String, OutputTensor> out = empty(64, 32);
        out.get("cls_8").values()[0] = 1.7f;   // clamped to 1
        out.get("obj_8").values()[0] = 0.49f;  // sqrt(0.49) = 0.7
        out.get("cls_32").values()[1] = 0.36f;
        out.get("obj_32").values()[1] = -3f;   // clamped to 0: never a face
        out.get("cls_8").values()[31] = 0.25f;
        out.get("obj_8").values()[31] = 0.25f; // 0.25: under the threshold

        List<Candidate> found = YuNetDecoder.decode(out, 64, 32, 0.3);

        assertEquals(1, found.size());
        assertEquals(0.7, found.get(0).score(), 1e-6);
        // Stride 8, cell 0, no offset and log-size 0: an 8x8 box centred on the cell's corner.
        assertEquals(-4, found.get(0).x1(), 1e-6);
        assertEquals(4, found.get(0).y2(), 1e-6);
        assertEquals(2, YuNetDecoder.decode(out, 64, 32, 0.25).size(), "a score equal to the threshold is kept");
    }

    @Test
    void outputsThatAreNotYuNetsForThisInputAreRefused() {
        Map<String, OutputTensor> missing = empty(64, 32);
        missing.remove("kps_32");
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> YuNetDecoder.decode(missing, 64, 32, 0.5));
        assertTrue(e.getMessage().startsWith("the network has no output kps_32"), e.getMessage());

        Map<String, OutputTensor> otherSize = empty(64, 64);
        e = assertThrows(IllegalStateException.class, () -> YuNetDecoder.decode(otherSize, 64, 32, 0.5));
        assertEquals("output cls_8 is [1, 64, 1], not YuNet's 1x32x1 for this input", e.getMessage());

        assertThrows(IllegalArgumentException.class, () -> YuNetDecoder.decode(empty(64, 32), 60, 32, 0.5));
    }

    @Test
    void theOutputNamesAreYuNetsTwelve() {
        assertEquals(List.of("cls_8", "cls_16", "cls_32", "obj_8", "obj_16", "obj_32", "bbox_8", "bbox_16", "bbox_32",
                "kps_8", "kps_16", "kps_32"), YuNetDecoder.outputNames());
    }
}
