package dev.veil.inference.gpu;

import static org.bytedeco.cuda.global.cudart.cudaGetDeviceCount;
import static org.bytedeco.cuda.global.cudart.cudaGetDeviceProperties;
import static org.bytedeco.cuda.global.cudart.cudaSetDevice;

import org.bytedeco.cuda.cudart.cudaDeviceProp;

/**
 * The CUDA device this process uses, read through CUDA's runtime (so only where {@link GpuProbe} found a device and
 * the runtime's natives are present): device 0, the GPU the pod's claim gave it.
 *
 * @param name  as CUDA names it, e.g. {@code Tesla T4}
 * @param major compute capability, major part
 * @param minor compute capability, minor part
 */
public record CudaDevice(String name, int major, int minor) {

    /** Device 0, made the current device of the calling thread. */
    public static CudaDevice current() {
        int[] count = new int[1];
        CudaStatus.check(cudaGetDeviceCount(count), "cudaGetDeviceCount");
        if (count[0] < 1) {
            throw new GpuFailure("CUDA sees no device");
        }
        CudaStatus.check(cudaSetDevice(0), "cudaSetDevice(0)");
        try (cudaDeviceProp prop = new cudaDeviceProp()) {
            CudaStatus.check(cudaGetDeviceProperties(prop, 0), "cudaGetDeviceProperties");
            return new CudaDevice(prop.name().getString().strip(), prop.major(), prop.minor());
        }
    }

    /** {@code major.minor}, e.g. {@code 7.5}. */
    public String computeCapability() {
        return major + "." + minor;
    }
}
