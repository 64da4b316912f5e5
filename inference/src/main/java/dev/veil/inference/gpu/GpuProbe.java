package dev.veil.inference.gpu;

import dev.veil.config.NvidiaDriverFiles;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Whether this container has a CUDA device, judged only from files ({@link NvidiaDriverFiles}): a device node
 * ({@code /dev/nvidia0}...) and the driver's {@code libcuda.so.1} (which the NVIDIA container runtime mounts with the
 * GPU). Nothing of CUDA or TensorRT is loaded to find out.
 *
 * @param deviceNode    a {@code /dev/nvidiaN} device is present
 * @param driverLibrary {@code libcuda.so.1} is in a library directory
 */
public record GpuProbe(boolean deviceNode, boolean driverLibrary) {

    /** The machine this JVM runs on. */
    public static GpuProbe probe() {
        return of(NvidiaDriverFiles.here());
    }

    /** The files under {@code root}, as if it were {@code /}; {@code ldLibraryPath} may be null. */
    public static GpuProbe probe(Path root, String ldLibraryPath) {
        return of(NvidiaDriverFiles.under(root, ldLibraryPath));
    }

    private static GpuProbe of(NvidiaDriverFiles files) {
        return new GpuProbe(files.deviceNode(), files.hasLibrary("libcuda.so.1"));
    }

    /** A CUDA device can be tried. */
    public boolean present() {
        return deviceNode && driverLibrary;
    }

    /** What is missing, for the line that says why the CPU is used (or why start-up stops). */
    public String missing() {
        List<String> missing = new ArrayList<>();
        if (!deviceNode) {
            missing.add("no /dev/nvidiaN device");
        }
        if (!driverLibrary) {
            missing.add("no libcuda.so.1 (the NVIDIA driver library)");
        }
        return missing.isEmpty() ? "nothing" : String.join(", ", missing);
    }
}
