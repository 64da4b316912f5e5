package dev.veil.inference.opencv;

import static org.bytedeco.opencv.global.opencv_dnn.DNN_BACKEND_CUDA;
import static org.bytedeco.opencv.global.opencv_dnn.DNN_BACKEND_OPENCV;
import static org.bytedeco.opencv.global.opencv_dnn.DNN_TARGET_CPU;
import static org.bytedeco.opencv.global.opencv_dnn.DNN_TARGET_CUDA;
import static org.bytedeco.opencv.global.opencv_dnn.DNN_TARGET_CUDA_FP16;

import dev.veil.inference.gpu.Precision;
import dev.veil.stage.Placement;
import org.bytedeco.opencv.opencv_dnn.Net;

/** Where OpenCV DNN runs a network: its own CPU backend, or its CUDA backend (cuDNN) in single or half precision. */
public enum DnnTarget {
    CPU(DNN_BACKEND_OPENCV, DNN_TARGET_CPU, "OCV/CPU", "opencv-dnn"),
    CUDA(DNN_BACKEND_CUDA, DNN_TARGET_CUDA, "CUDA/CUDA", "opencv-cuda fp32"),
    CUDA_FP16(DNN_BACKEND_CUDA, DNN_TARGET_CUDA_FP16, "CUDA/CUDA_FP16", "opencv-cuda fp16");

    private final int backend;
    private final int target;
    private final String layerLabel;
    private final String runtime;

    DnnTarget(int backend, int target, String layerLabel, String runtime) {
        this.backend = backend;
        this.target = target;
        this.layerLabel = layerLabel;
        this.runtime = runtime;
    }

    /** The CUDA target for {@code VEIL_PRECISION} on a GPU of this compute capability: FP16 only where it is fast. */
    public static DnnTarget cuda(Precision precision, int major, int minor) {
        return precision.on(major, minor) == Precision.FP16 ? CUDA_FP16 : CUDA;
    }

    public boolean onGpu() {
        return this != CPU;
    }

    /** OpenCV's {@code cv::dnn::Target} value. */
    int target() {
        return target;
    }

    /** How {@code Net.dump()} marks a layer that runs here: {@code CUDA/CUDA_FP16}. */
    String layerLabel() {
        return layerLabel;
    }

    /** The runtime's name in a {@link Placement}. */
    public String runtime() {
        return runtime;
    }

    void applyTo(Net net) {
        net.setPreferableBackend(backend);
        net.setPreferableTarget(target);
    }
}
