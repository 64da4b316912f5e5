package dev.veil.inference.gpu;

/**
 * A CUDA or TensorRT call failed while frames were being detected. The device's state can no longer be trusted
 * (CUDA's "sticky" errors, such as an illegal memory access, leave the context unusable until the process ends),
 * so the frames of the batch are marked failed and the vertex exits for Kubernetes to restart it
 * (docs/inference.md).
 */
public final class GpuFailure extends RuntimeException {

    public GpuFailure(String message) {
        super(message);
    }
}
