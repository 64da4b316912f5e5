package dev.veil.inference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.veil.config.ConfigException;
import dev.veil.inference.gpu.CudaLibraries;
import dev.veil.inference.gpu.GpuEnvironment;
import dev.veil.inference.gpu.GpuEnvironments;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which runtime a device setting ends on, on machines laid out in a folder, with openers that fail as real ones do. */
class RuntimeChoiceTest {

    @TempDir
    Path root;

    private final List<DetectionRuntime> tried = new ArrayList<>();

    /** Opens every runtime but those named, which fail with the reason given. */
    private Function<DetectionRuntime, String> opener(DetectionRuntime failing, RuntimeException failure) {
        return runtime -> {
            tried.add(runtime);
            if (runtime == failing) {
                throw failure;
            }
            return "detector on " + runtime;
        };
    }

    /** A GPU with everything TensorRT and OpenCV's CUDA need as files, and TensorRT's JNI glue. */
    private GpuEnvironment fullGpu() throws IOException {
        Files.createDirectories(root.resolve("dev"));
        Files.createFile(root.resolve("dev/nvidia0"));
        Path lib = Files.createDirectories(root.resolve("usr/lib/x86_64-linux-gnu"));
        Files.createFile(lib.resolve("libcuda.so.1"));
        for (String name : CudaLibraries.TENSORRT) {
            Files.createFile(lib.resolve(name));
        }
        return GpuEnvironments.under(root, true);
    }

    @Test
    void eachSettingTriesItsRuntimesInOrder() {
        assertEquals(List.of(DetectionRuntime.TENSORRT, DetectionRuntime.OPENCV_CUDA, DetectionRuntime.CPU),
                RuntimeChoice.candidates(Device.AUTO));
        assertEquals(List.of(DetectionRuntime.TENSORRT, DetectionRuntime.OPENCV_CUDA),
                RuntimeChoice.candidates(Device.CUDA));
        assertEquals(List.of(DetectionRuntime.CPU), RuntimeChoice.candidates(Device.CPU));
    }

    @Test
    void autoTakesTensorRtWhenItOpens() throws IOException {
        var chosen = RuntimeChoice.open(Device.AUTO, fullGpu(), "yunet", opener(null, null));
        assertEquals(DetectionRuntime.TENSORRT, chosen.runtime());
        assertEquals("detector on tensorrt", chosen.opened());
        assertEquals(List.of(), chosen.skipped());
    }

    @Test
    void aMissingBuilderLibraryPassesTensorRtOverForOpenCvsCuda() throws IOException {
        var chosen = RuntimeChoice.open(Device.AUTO, fullGpu(), "yunet", opener(DetectionRuntime.TENSORRT,
                new IllegalStateException("TensorRT 10.15.1 cannot build engines for this GPU (compute capability 9.0):"
                        + " no libnvinfer_builder_resource_sm90.so.10.15.1 in [/usr/lib]")));
        assertEquals(DetectionRuntime.OPENCV_CUDA, chosen.runtime());
        assertEquals(List.of("tensorrt: IllegalStateException: TensorRT 10.15.1 cannot build engines for this GPU"
                + " (compute capability 9.0): no libnvinfer_builder_resource_sm90.so.10.15.1 in [/usr/lib]"),
                chosen.skipped());
    }

    @Test
    void nativesThatDoNotLoadAreASkipNotACrash() throws IOException {
        Function<DetectionRuntime, String> open = runtime -> {
            tried.add(runtime);
            if (runtime.onGpu()) {
                throw new UnsatisfiedLinkError("libjninvinfer.so: libnvinfer.so.10: cannot open shared object file");
            }
            return "cpu";
        };
        var chosen = RuntimeChoice.open(Device.AUTO, fullGpu(), "yunet", open);
        assertEquals(DetectionRuntime.CPU, chosen.runtime());
        assertEquals(2, chosen.skipped().size());
        assertEquals(List.of(DetectionRuntime.TENSORRT, DetectionRuntime.OPENCV_CUDA, DetectionRuntime.CPU), tried);
    }

    @Test
    void withoutAGpuAutoGoesToTheCpuWithoutTouchingAGpuRuntime() {
        var chosen = RuntimeChoice.open(Device.AUTO, GpuEnvironments.under(root, true), "yunet", opener(null, null));
        assertEquals(DetectionRuntime.CPU, chosen.runtime());
        assertEquals(List.of(DetectionRuntime.CPU), tried, "the GPU runtimes' natives were never loaded");
        assertEquals(List.of("tensorrt: no GPU: no /dev/nvidiaN device, no libcuda.so.1 (the NVIDIA driver library)",
                "opencv-cuda: no GPU: no /dev/nvidiaN device, no libcuda.so.1 (the NVIDIA driver library)"),
                chosen.skipped());
    }

    @Test
    void cudaNeverEndsOnTheCpuAndSaysWhyEachGpuRuntimeFailed() throws IOException {
        GpuEnvironment env = fullGpu();
        Function<DetectionRuntime, String> open = runtime -> {
            tried.add(runtime);
            throw new IllegalStateException(runtime + " refused");
        };
        ConfigException e = assertThrows(ConfigException.class, () -> RuntimeChoice.open(Device.CUDA, env, "yunet", open));
        assertEquals("VEIL_DEVICE=cuda but no GPU runtime starts here: tensorrt: IllegalStateException: tensorrt"
                + " refused; opencv-cuda: IllegalStateException: opencv-cuda refused", e.getMessage());
        assertEquals(List.of(DetectionRuntime.TENSORRT, DetectionRuntime.OPENCV_CUDA), tried);
    }

    @Test
    void cpuIgnoresTheGpu() throws IOException {
        var chosen = RuntimeChoice.open(Device.CPU, fullGpu(), "yunet", opener(null, null));
        assertEquals(DetectionRuntime.CPU, chosen.runtime());
        assertEquals(List.of(DetectionRuntime.CPU), tried);
    }

    @Test
    void theCpusOwnFailureGoesUpAsItIs() {
        IllegalArgumentException bad = new IllegalArgumentException("not a model");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> RuntimeChoice.open(
                Device.AUTO, GpuEnvironments.under(root, false), "x.onnx", opener(DetectionRuntime.CPU, bad)));
        assertEquals(bad, e);
    }
}
