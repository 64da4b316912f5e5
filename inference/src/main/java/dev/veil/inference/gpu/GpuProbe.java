package dev.veil.inference.gpu;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Whether this container has a CUDA device, judged only from files: a device node ({@code /dev/nvidia0}...) and
 * the driver's {@code libcuda.so.1} (which the NVIDIA container runtime mounts with the GPU). Nothing of CUDA or
 * TensorRT is loaded to find out: a failed {@code Loader.load} leaves CUDA's classes unusable for the rest of the
 * JVM, and the CPU fallback must still work after the answer is "no".
 *
 * @param deviceNode    a {@code /dev/nvidiaN} device is present
 * @param driverLibrary {@code libcuda.so.1} is in a library directory
 */
public record GpuProbe(boolean deviceNode, boolean driverLibrary) {

    private static final Pattern DEVICE = Pattern.compile("nvidia\\d+");
    private static final List<String> LIBRARY_DIRS = List.of("usr/lib/x86_64-linux-gnu", "lib/x86_64-linux-gnu",
            "usr/lib64", "lib64", "usr/lib", "usr/local/nvidia/lib64", "usr/local/nvidia/lib", "usr/local/cuda/compat",
            "usr/lib/wsl/lib");

    /** The machine this JVM runs on. */
    public static GpuProbe probe() {
        return probe(Path.of("/"), System.getenv("LD_LIBRARY_PATH"));
    }

    /** The files under {@code root}, as if it were {@code /}; {@code ldLibraryPath} may be null. */
    public static GpuProbe probe(Path root, String ldLibraryPath) {
        boolean device;
        try (Stream<Path> dev = Files.list(root.resolve("dev"))) {
            device = dev.anyMatch(p -> DEVICE.matcher(p.getFileName().toString()).matches());
        } catch (IOException e) {
            device = false;
        }
        List<Path> dirs = new ArrayList<>();
        if (ldLibraryPath != null) {
            for (String dir : ldLibraryPath.split(":")) {
                if (!dir.isBlank()) {
                    dirs.add(root.resolve(dir.replaceFirst("^/+", "")));
                }
            }
        }
        LIBRARY_DIRS.forEach(d -> dirs.add(root.resolve(d)));
        boolean driver = dirs.stream().anyMatch(d -> Files.exists(d.resolve("libcuda.so.1")));
        return new GpuProbe(device, driver);
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
