package dev.veil.inference.gpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class InputProfileTest {

    @Test
    void aYoloProfileOfFreeBatchAndAFixedOneReadAsTheirRanges() {
        assertEquals("1..4x3x640x640", TensorRtEngine.yoloProfile(640, 4, null).describe());
        assertEquals("1x3x640x640", TensorRtEngine.yoloProfile(640, 4, new long[]{1, 3, 640, 640}).describe());
        assertEquals("1..8x3x320x320", TensorRtEngine.yoloProfile(320, 8, new long[]{-1, 3, -1, -1}).describe());
    }

    @Test
    void aYoloModelOfAnotherInputIsRefusedNamingTheSetting() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TensorRtEngine.yoloProfile(640, 4, new long[]{1, 3, 320, 320}));
        assertEquals("model input is 1x3x320x320, not Nx3x640x640 (set VEIL_MODEL_INPUT_SIZE to the size it was"
                + " exported at)", e.getMessage());
    }

    @Test
    void yunetsProfileTakesEveryPictureSizeItIsShownAndNoLarger() {
        InputProfile p = TensorRtNetwork.PROFILE;
        assertEquals("1x3x32..3072x32..3072", p.describe());
        assertTrue(p.admits(new long[]{1, 3, 736, 1280}));
        assertTrue(p.admits(new long[]{1, 3, 1088, 1920}));
        assertFalse(p.admits(new long[]{1, 3, 1088, 3104}), "wider than the engine's buffers");
        assertFalse(p.admits(new long[]{2, 3, 64, 64}), "one picture a run");
        assertFalse(p.admits(new long[]{1, 3, 64}));
    }

    @Test
    void aProfileOutOfOrderIsRefusedAndItsArraysCannotBeChangedFromOutside() {
        assertThrows(IllegalArgumentException.class,
                () -> new InputProfile(new long[]{4, 3}, new long[]{2, 3}, new long[]{8, 3}));
        InputProfile p = InputProfile.fixed(1, 3, 64, 64);
        p.max()[2] = 9999;
        assertEquals("1x3x64x64", p.describe());
        assertEquals(InputProfile.fixed(1, 3, 64, 64), p);
        assertNotEquals(InputProfile.fixed(1, 3, 64, 32), p);
    }
}
