package dev.veil.inference.gpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class EngineCacheKeyTest {

    static final EngineCacheKey T4 = new EngineCacheKey("ab12", "Tesla T4", "7.5", "10.15.1", Precision.FP16,
            "1..4x3x640x640");

    @Test
    void everyPartChangesTheEntry() {
        List<EngineCacheKey> variants = List.of(
                T4,
                new EngineCacheKey("ab13", "Tesla T4", "7.5", "10.15.1", Precision.FP16, "1..4x3x640x640"),
                new EngineCacheKey("ab12", "NVIDIA A100-SXM4-80GB", "7.5", "10.15.1", Precision.FP16, "1..4x3x640x640"),
                new EngineCacheKey("ab12", "Tesla T4", "8.0", "10.15.1", Precision.FP16, "1..4x3x640x640"),
                new EngineCacheKey("ab12", "Tesla T4", "7.5", "10.16.0", Precision.FP16, "1..4x3x640x640"),
                new EngineCacheKey("ab12", "Tesla T4", "7.5", "10.15.1", Precision.FP32, "1..4x3x640x640"),
                new EngineCacheKey("ab12", "Tesla T4", "7.5", "10.15.1", Precision.FP16, "1..8x3x640x640"),
                new EngineCacheKey("ab12", "Tesla T4", "7.5", "10.15.1", Precision.FP16, "1..4x3x320x320"));
        Set<String> names = new HashSet<>();
        Set<String> canonical = new HashSet<>();
        for (EngineCacheKey k : variants) {
            names.add(k.fileName());
            canonical.add(k.canonical());
        }
        assertEquals(variants.size(), names.size(), "file names: " + names);
        assertEquals(variants.size(), canonical.size());
    }

    @Test
    void theSameKeyNamesTheSameEntry() {
        EngineCacheKey again = new EngineCacheKey("ab12", "Tesla T4", "7.5", "10.15.1", Precision.FP16, "1..4x3x640x640");
        assertEquals(T4.fileName(), again.fileName());
        assertEquals("model-sha256=ab12\ngpu=Tesla T4\ncompute-capability=7.5\ntensorrt=10.15.1\nprecision=fp16"
                + "\ninput=1..4x3x640x640", T4.canonical());
        assertEquals("tensorrt-", T4.fileName().substring(0, 9));
        assertNotEquals(T4.fileName(), T4.canonical());
    }

    @Test
    void aPartWithALineBreakCannotForgeAnotherKey() {
        assertThrows(IllegalArgumentException.class,
                () -> new EngineCacheKey("ab12", "T4\ngpu=A100", "7.5", "10.15.1", Precision.FP16, "x"));
        assertThrows(IllegalArgumentException.class,
                () -> new EngineCacheKey("", "T4", "7.5", "10.15.1", Precision.FP16, "x"));
    }

    @Test
    void sha256OfKnownBytes() {
        assertEquals("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
                EngineCacheKey.sha256("abc".getBytes(java.nio.charset.StandardCharsets.US_ASCII)));
    }
}
