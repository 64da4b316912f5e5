package dev.veil.inference.gpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class TensorRtVersionTest {

    @Test
    void decodesTensorRtsEncodedVersion() {
        assertEquals(new TensorRtVersion(10, 15, 1), TensorRtVersion.decode(101501));
        assertEquals("10.6.0", TensorRtVersion.decode(100600).toString());
    }

    @Test
    void aPatchReleaseIsTheSameReleaseAnotherMinorIsNot() {
        TensorRtVersion binding = new TensorRtVersion(10, 15, 1);
        assertTrue(new TensorRtVersion(10, 15, 3).sameRelease(binding));
        assertFalse(new TensorRtVersion(10, 14, 1).sameRelease(binding));
        assertFalse(new TensorRtVersion(11, 15, 1).sameRelease(binding));
    }

    @Test
    void theBindingsReleaseIsReadWithoutLoadingTensorRt() {
        // Constants of the headers the binding was generated from: no native library is needed to read them here.
        TensorRtVersion binding = TensorRtVersion.binding();
        assertEquals(10, binding.major());
        assertTrue(binding.minor() >= 15, binding.toString());
    }
}
