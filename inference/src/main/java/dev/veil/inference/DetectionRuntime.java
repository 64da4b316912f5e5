package dev.veil.inference;

/**
 * What runs an ONNX detector (the builtin YuNet, a YOLO file), best first: {@code VEIL_DEVICE=auto} tries them in
 * this order, {@code cuda} the two GPU ones, {@code cpu} the last ({@link RuntimeChoice}).
 */
public enum DetectionRuntime {
    /** NVIDIA TensorRT: engines built for this GPU, cached ({@code VEIL_ENGINE_CACHE}); in the GPU image only. */
    TENSORRT("tensorrt"),
    /** OpenCV DNN's CUDA backend (cuDNN, cuBLAS): needs OpenCV's CUDA natives and CUDA's libraries. */
    OPENCV_CUDA("opencv-cuda"),
    /** The CPU runtime {@code VEIL_CPU_RUNTIME} names (ONNX Runtime or OpenCV DNN). */
    CPU("cpu");

    private final String label;

    DetectionRuntime(String label) {
        this.label = label;
    }

    public boolean onGpu() {
        return this != CPU;
    }

    @Override
    public String toString() {
        return label;
    }
}
