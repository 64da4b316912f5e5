package dev.veil.inference.gpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What each GPU runtime needs, judged on fake machines. */
class GpuEnvironmentTest {

    @TempDir
    Path root;

    private void touch(String path) throws IOException {
        Path f = root.resolve(path);
        Files.createDirectories(f.getParent());
        Files.createFile(f);
    }

    private void gpu() throws IOException {
        touch("dev/nvidia0");
        touch("usr/lib/x86_64-linux-gnu/libcuda.so.1");
    }

    @Test
    void withoutAGpuNeitherRuntimeIsTried() {
        GpuEnvironment env = GpuEnvironments.under(root, true);
        assertEquals(Optional.of("no GPU: no /dev/nvidiaN device, no libcuda.so.1 (the NVIDIA driver library)"),
                env.tensorRtMissing());
        assertEquals(env.tensorRtMissing(), env.openCvCudaMissing());
    }

    @Test
    void aGpuWithCudaAndCudnnIsEnoughForOpenCvButNotForTensorRt() throws IOException {
        gpu();
        for (String lib : CudaLibraries.OPENCV_CUDA) {
            touch("usr/local/cuda/lib64/" + lib);
        }
        GpuEnvironment env = GpuEnvironments.under(root, true);
        assertEquals(Optional.empty(), env.openCvCudaMissing());
        assertTrue(env.tensorRtMissing().orElseThrow().startsWith("no libnvrtc.so.13, libnvinfer.so.10,"
                + " libnvonnxparser.so.10 in ["), env.tensorRtMissing().toString());
    }

    @Test
    void tensorRtAlsoNeedsItsJniGlueOnTheClasspath() throws IOException {
        gpu();
        for (String lib : CudaLibraries.TENSORRT) {
            touch("usr/lib/x86_64-linux-gnu/" + lib);
        }
        assertEquals(Optional.empty(), GpuEnvironments.under(root, true).tensorRtMissing());
        assertEquals(Optional.of("TensorRT's JNI glue is not on the classpath (the GPU image carries it)"),
                GpuEnvironments.under(root, false).tensorRtMissing());
    }
}
