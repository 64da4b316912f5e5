package dev.veil.inference.gpu;

import static org.bytedeco.cuda.global.cudart.cudaGetErrorString;

import org.bytedeco.javacpp.BytePointer;

/** CUDA runtime and TensorRT calls that report failure by value, turned into {@link GpuFailure}s. */
final class CudaStatus {

    private CudaStatus() {
    }

    /** A CUDA runtime status: 0 is success, anything else fails with CUDA's own words for it. */
    static void check(int cudaStatus, String what) {
        if (cudaStatus != 0) {
            String message;
            try (BytePointer text = cudaGetErrorString(cudaStatus)) {
                message = text == null ? "unknown" : text.getString();
            }
            throw new GpuFailure(what + ": CUDA error " + cudaStatus + " (" + message + ")");
        }
    }

    /** A TensorRT call that answers true on success. */
    static void check(boolean ok, String what) {
        if (!ok) {
            throw new GpuFailure(what + " failed");
        }
    }
}
