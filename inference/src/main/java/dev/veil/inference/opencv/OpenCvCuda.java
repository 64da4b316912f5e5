package dev.veil.inference.opencv;

import static org.bytedeco.opencv.global.opencv_core.getCudaEnabledDeviceCount;
import static org.bytedeco.opencv.global.opencv_dnn.DNN_BACKEND_CUDA;
import static org.bytedeco.opencv.global.opencv_dnn.getAvailableTargets;

import java.util.Optional;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.opencv.opencv_core.DeviceInfo;

/**
 * OpenCV's CUDA as the natives this process loaded offer it. The same Java classes run OpenCV's CPU build (Maven's
 * {@code linux-x86_64} natives) or its CUDA build ({@code linux-x86_64-gpu}, chosen with
 * {@code -Dorg.bytedeco.javacpp.platform.extension=-gpu}); only the natives can say which one is here, and whether
 * its CUDA reaches a device. Asked before a network is put on CUDA, because OpenCV itself would quietly run it on the
 * CPU when CUDA is not there.
 */
public final class OpenCvCuda {

    /**
     * The device OpenCV's CUDA runs on: device 0, the one a pod's claim gives it.
     *
     * @param memoryBytes    its global memory
     * @param multiprocessors its streaming multiprocessors
     */
    public record Device(String name, int major, int minor, long memoryBytes, int multiprocessors) {
    }

    private OpenCvCuda() {
    }

    /** Empty when OpenCV DNN's CUDA backend can run networks here, else why it cannot. */
    public static Optional<String> missing() {
        return unavailable(DnnTarget.CUDA);
    }

    /** Empty when OpenCV DNN's CUDA backend can run networks on this target here, else why it cannot. */
    public static Optional<String> unavailable(DnnTarget target) {
        int devices = getCudaEnabledDeviceCount();
        if (devices == 0) {
            return Optional.of("the OpenCV natives loaded are its CPU build (the CUDA build is in the GPU image and in the"
                    + " gpu-check bundle, loaded with -Dorg.bytedeco.javacpp.platform.extension=-gpu)");
        }
        if (devices < 0) {
            return Optional.of("OpenCV's CUDA build cannot reach a GPU through the driver (its CUDA 13 needs NVIDIA driver"
                    + " 580 or later)");
        }
        IntPointer targets = getAvailableTargets(DNN_BACKEND_CUDA);
        if (targets != null) {
            for (long i = 0; i < targets.capacity(); i++) {
                if (targets.get(i) == target.target()) {
                    return Optional.empty();
                }
            }
        }
        return Optional.of("OpenCV DNN's CUDA backend offers no " + target.name() + " target on this GPU");
    }

    /** Device 0 as CUDA describes it; only where {@link #unavailable} found a device. */
    public static Device device() {
        try (DeviceInfo info = new DeviceInfo(0); BytePointer name = info.name()) {
            return new Device(name.getString().strip(), info.majorVersion(), info.minorVersion(), info.totalMemory(),
                    info.multiProcessorCount());
        }
    }
}
