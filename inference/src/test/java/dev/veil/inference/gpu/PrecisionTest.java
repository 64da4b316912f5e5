package dev.veil.inference.gpu;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class PrecisionTest {

    @Test
    void fp16OnlyWhereTheGpuComputesItFast() {
        assertEquals(Precision.FP16, Precision.FP16.on(7, 5), "T4");
        assertEquals(Precision.FP16, Precision.FP16.on(8, 0), "A100");
        assertEquals(Precision.FP16, Precision.FP16.on(8, 9), "L4");
        assertEquals(Precision.FP16, Precision.FP16.on(6, 0), "P100");
        assertEquals(Precision.FP32, Precision.FP16.on(6, 1), "P4 / GTX 10xx: slow FP16");
        assertEquals(Precision.FP32, Precision.FP16.on(5, 2), "Maxwell");
        assertEquals(Precision.FP32, Precision.FP32.on(8, 0), "asked for FP32");
    }
}
