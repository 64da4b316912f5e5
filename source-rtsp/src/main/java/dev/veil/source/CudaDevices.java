package dev.veil.source;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Whether NVDEC can be used, judged only from the files a container with a GPU has: a device node
 * ({@code /dev/nvidia0}...), the driver's {@code libcuda.so.1} and its video decoder library
 * {@code libnvcuvid.so.1}. No CUDA library is loaded to find out: a failed load leaves CUDA's classes unusable
 * for the rest of the JVM.
 *
 * @param deviceNode    a {@code /dev/nvidiaN} device is present
 * @param driverLibrary {@code libcuda.so.1} is in a library directory
 * @param videoLibrary  {@code libnvcuvid.so.1} is in a library directory (the container has the "video" capability)
 */
record CudaDevices(boolean deviceNode, boolean driverLibrary, boolean videoLibrary) {

    private static final Pattern DEVICE = Pattern.compile("nvidia\\d+");
    private static final List<String> LIBRARY_DIRS = List.of("usr/lib/x86_64-linux-gnu", "lib/x86_64-linux-gnu",
            "usr/lib64", "usr/lib", "usr/local/nvidia/lib64", "usr/local/nvidia/lib", "usr/local/cuda/compat");

    /** The machine this JVM runs on. */
    static CudaDevices probe() {
        return probe(Path.of("/"), System.getenv("LD_LIBRARY_PATH"));
    }

    /** The files under {@code root}, as if it were {@code /}; {@code ldLibraryPath} may be null. */
    static CudaDevices probe(Path root, String ldLibraryPath) {
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
        return new CudaDevices(device, inAny(dirs, "libcuda.so.1"), inAny(dirs, "libnvcuvid.so.1"));
    }

    /** NVDEC can be tried. */
    boolean visible() {
        return deviceNode && driverLibrary && videoLibrary;
    }

    /** What is missing, for the log line that says why decoding stays on the CPU. */
    String missing() {
        List<String> missing = new ArrayList<>();
        if (!deviceNode) {
            missing.add("no /dev/nvidiaN device");
        }
        if (!driverLibrary) {
            missing.add("no libcuda.so.1");
        }
        if (!videoLibrary) {
            missing.add("no libnvcuvid.so.1");
        }
        return missing.isEmpty() ? "nothing" : String.join(", ", missing);
    }

    private static boolean inAny(List<Path> dirs, String library) {
        return dirs.stream().anyMatch(d -> Files.exists(d.resolve(library)));
    }
}
