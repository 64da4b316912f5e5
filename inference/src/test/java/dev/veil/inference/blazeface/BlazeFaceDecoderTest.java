package dev.veil.inference.blazeface;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.veil.inference.blazeface.BlazeFaceAnchors.Anchor;
import dev.veil.inference.detect.Candidate;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class BlazeFaceDecoderTest {

    private static final List<Anchor> ANCHORS = List.of(new Anchor(0.25, 0.75), new Anchor(0.5, 0.5));

    private static float[] logits(float... values) {
        return values;
    }

    @Test
    void decodesOffsetsSizeAndKeypointsRelativeToTheAnchorInInputPixels() {
        float[] regressors = new float[2 * 16];
        int r = 16; // second anchor, centre (64, 64) in a 128 input
        regressors[r] = 6;       // centre x + 6 px
        regressors[r + 1] = -4;  // centre y - 4 px
        regressors[r + 2] = 20;  // width
        regressors[r + 3] = 30;  // height
        for (int k = 0; k < 6; k++) {
            regressors[r + 4 + 2 * k] = k;
            regressors[r + 5 + 2 * k] = -k;
        }
        float[] scores = logits(-10f, (float) Math.log(4)); // sigmoid(ln 4) = 0.8

        List<Candidate> out = BlazeFaceDecoder.decode(regressors, scores, ANCHORS, 128, 0.5);

        assertEquals(1, out.size());
        Candidate c = out.get(0);
        assertEquals(60.0, c.x1(), 1e-9);
        assertEquals(45.0, c.y1(), 1e-9);
        assertEquals(80.0, c.x2(), 1e-9);
        assertEquals(75.0, c.y2(), 1e-9);
        assertEquals(0.8, c.score(), 1e-6);
        assertEquals(6, c.landmarks().size());
        for (int k = 0; k < 6; k++) {
            assertEquals(64.0 + k, c.landmarks().get(k).x(), 1e-9);
            assertEquals(64.0 - k, c.landmarks().get(k).y(), 1e-9);
        }
    }

    @Test
    void usesTheAnchorCentreScaledToTheInputSize() {
        float[] regressors = new float[2 * 16];
        regressors[2] = 10;
        regressors[3] = 10;
        List<Candidate> out = BlazeFaceDecoder.decode(regressors, logits(3f, -30f), ANCHORS, 192, 0.5);

        assertEquals(1, out.size());
        // first anchor (0.25, 0.75) of a 192 input: centre (48, 144)
        assertEquals(new Candidate(43, 139, 53, 149, out.get(0).score(), out.get(0).landmarks()), out.get(0));
        assertEquals(1 / (1 + Math.exp(-3)), out.get(0).score(), 1e-7);
    }

    @Test
    void clipsHugeLogitsAndDropsDegenerateBoxes() {
        float[] regressors = new float[2 * 16];
        regressors[2] = 10;
        regressors[3] = 10;
        regressors[16 + 2] = 0;  // zero width: no face, whatever the score
        regressors[16 + 3] = 10;
        List<Candidate> out = BlazeFaceDecoder.decode(regressors, logits(1000f, 1000f), ANCHORS, 128, 0.5);

        assertEquals(1, out.size());
        assertEquals(1.0, out.get(0).score(), 1e-12);
        assertTrue(Double.isFinite(out.get(0).score()));
    }

    @Test
    void refusesOutputsThatDoNotMatchTheAnchors() {
        float[] regressors = new float[16];
        Arrays.fill(regressors, 1f);
        assertThrows(IllegalArgumentException.class,
                () -> BlazeFaceDecoder.decode(regressors, logits(1f, 1f), ANCHORS, 128, 0.5));
    }
}
