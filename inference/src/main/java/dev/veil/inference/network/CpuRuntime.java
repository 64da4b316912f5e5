package dev.veil.inference.network;

/** What runs a YOLO model on the CPU ({@code VEIL_CPU_RUNTIME}); measured in docs/detectors.md. */
public enum CpuRuntime {
    /** ONNX Runtime's CPU provider: the faster, default. */
    ONNXRUNTIME,
    /** OpenCV DNN, for comparison. */
    OPENCV
}
