package dev.veil.inference;

/**
 * Where an ONNX detector (the builtin YuNet, a YOLO file) runs ({@code VEIL_DEVICE}); BlazeFace and Haar always run
 * on the CPU. The order the GPU runtimes are tried in, and what is logged when one is passed over: {@link RuntimeChoice}.
 */
public enum Device {
    /** The GPU when the container has one that a runtime can use (TensorRT, else OpenCV's CUDA), else the CPU. */
    AUTO,
    /** TensorRT or OpenCV's CUDA on the GPU, or no start at all: the vertex exits with one line (status 2). */
    CUDA,
    /** The CPU runtime ({@code VEIL_CPU_RUNTIME}), even with a GPU present. */
    CPU
}
