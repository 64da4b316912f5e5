package dev.veil.inference;

/** Where a YOLO model runs ({@code VEIL_DEVICE}). BlazeFace and Haar always run on the CPU. */
public enum Device {
    /** TensorRT on the GPU when the container has one (a device node and the driver library), else the CPU. */
    AUTO,
    /** TensorRT on the GPU, or no start at all: without a usable GPU the vertex exits with one line (status 2). */
    CUDA,
    /** The CPU runtime ({@code VEIL_CPU_RUNTIME}), even with a GPU present. */
    CPU
}
