package dev.veil.inference.gpu;

/** Arithmetic TensorRT builds the engine for ({@code VEIL_PRECISION}). */
public enum Precision {
    /** Half precision where the GPU computes it fast (T4, A100: yes); else single. */
    FP16,
    /** Single precision everywhere. */
    FP32;

    /**
     * The precision an engine is built with on a GPU of this compute capability: FP16 only where it is fast, as
     * TensorRT's {@code platformHasFastFp16} says (compute capability 5.3, 6.0, 6.2, and 7.0 or later; not the 6.1
     * of consumer Pascal cards, whose FP16 rate is 1/64 of FP32).
     */
    public Precision on(int major, int minor) {
        if (this == FP32) {
            return FP32;
        }
        boolean fast = major >= 7 || (major == 5 && minor == 3) || (major == 6 && (minor == 0 || minor == 2));
        return fast ? FP16 : FP32;
    }
}
