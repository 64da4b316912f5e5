package dev.veil.inference.gpu;

import java.nio.file.Path;
import java.util.Optional;

/**
 * What this machine offers the GPU runtimes, judged from files only (nothing of CUDA is loaded to find out, see
 * {@link GpuProbe}): a GPU, CUDA's libraries, and TensorRT's JNI glue.
 *
 * @param gpu             the device node and the driver's library
 * @param libraries       CUDA's, cuDNN's and TensorRT's libraries where the loader finds them (or where a caller
 *                        found and loaded them, as {@code veil gpu-check} does)
 * @param tensorRtBinding whether Bytedeco's TensorRT JNI glue is on the classpath (the GPU image carries it)
 */
public record GpuEnvironment(GpuProbe gpu, CudaLibraries libraries, boolean tensorRtBinding) {

    static final String TENSORRT_JNI = "org/bytedeco/tensorrt/linux-x86_64/libjninvinfer.so";

    /** This machine, its libraries where the dynamic loader looks for them. */
    public static GpuEnvironment here() {
        return new GpuEnvironment(GpuProbe.probe(),
                CudaLibraries.find(CudaLibraries.systemFolders(Path.of("/"), System.getenv("LD_LIBRARY_PATH"))),
                GpuEnvironment.class.getClassLoader().getResource(TENSORRT_JNI) != null);
    }

    /** Empty when TensorRT can be tried here, else why not. */
    public Optional<String> tensorRtMissing() {
        if (!gpu.present()) {
            return Optional.of("no GPU: " + gpu.missing());
        }
        if (!tensorRtBinding) {
            return Optional.of("TensorRT's JNI glue is not on the classpath (the GPU image carries it)");
        }
        if (!libraries.complete(CudaLibraries.TENSORRT)) {
            return Optional.of(libraries.describeMissing(CudaLibraries.TENSORRT));
        }
        return Optional.empty();
    }

    /** Empty when OpenCV's CUDA backend can be tried here (its natives have the last word), else why not. */
    public Optional<String> openCvCudaMissing() {
        if (!gpu.present()) {
            return Optional.of("no GPU: " + gpu.missing());
        }
        if (!libraries.complete(CudaLibraries.OPENCV_CUDA)) {
            return Optional.of(libraries.describeMissing(CudaLibraries.OPENCV_CUDA));
        }
        return Optional.empty();
    }
}
