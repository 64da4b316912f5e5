package dev.veil.stage;

import java.util.Locale;

/**
 * Where a detector's faces come from: the device and the runtime that runs the network. Logged at start-up, carried
 * on every frame ({@code Frame.detected_on}) and shown by the display per stream, so that nobody has to guess
 * whether a GPU the pipeline claimed does the work.
 *
 * @param device  {@code cpu}, or {@code cuda:0 <GPU name>} for a CUDA device
 * @param runtime what runs the network: {@code onnxruntime}, {@code opencv-dnn}, {@code opencv-cuda fp16},
 *                {@code tensorrt 10.15.1 fp16}, ...
 */
public record Placement(String device, String runtime) {

    public static final String CPU = "cpu";

    public Placement {
        if (device == null || device.isBlank() || runtime == null || runtime.isBlank()) {
            throw new IllegalArgumentException("a placement names a device and a runtime");
        }
    }

    /** On the CPU, by this runtime. */
    public static Placement cpu(String runtime) {
        return new Placement(CPU, runtime);
    }

    /** On CUDA device 0 (the one GPU a pod's claim gives it), named as CUDA names it. */
    public static Placement cuda(String gpuName, String runtime) {
        return new Placement("cuda:0 " + gpuName.strip(), runtime);
    }

    /** A runtime's name with the precision it computes in: {@code opencv-cuda fp16}. */
    public static String withPrecision(String runtime, Enum<?> precision) {
        return runtime + " " + precision.name().toLowerCase(Locale.ROOT);
    }

    public boolean onCpu() {
        return device.equals(CPU);
    }

    /** One phrase for logs and pages: {@code opencv-cuda fp16 on cuda:0 NVIDIA T4}. */
    public String label() {
        return runtime + " on " + device;
    }

    @Override
    public String toString() {
        return label();
    }
}
