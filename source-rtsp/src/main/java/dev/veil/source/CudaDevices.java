package dev.veil.source;

import dev.veil.config.NvidiaDriverFiles;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Whether NVDEC can be used, judged only from the files a container with a GPU has: a device node
 * ({@code /dev/nvidia0}...), the driver's {@code libcuda.so.1} and its video decoder library
 * {@code libnvcuvid.so.1} ({@link NvidiaDriverFiles}). No CUDA library is loaded to find out.
 *
 * @param deviceNode    a {@code /dev/nvidiaN} device is present
 * @param driverLibrary {@code libcuda.so.1} is in a library directory
 * @param videoLibrary  {@code libnvcuvid.so.1} is in a library directory (the container has the "video" capability)
 */
record CudaDevices(boolean deviceNode, boolean driverLibrary, boolean videoLibrary) {

    /** The machine this JVM runs on. */
    static CudaDevices probe() {
        return of(NvidiaDriverFiles.here());
    }

    /** The files under {@code root}, as if it were {@code /}; {@code ldLibraryPath} may be null. */
    static CudaDevices probe(Path root, String ldLibraryPath) {
        return of(NvidiaDriverFiles.under(root, ldLibraryPath));
    }

    private static CudaDevices of(NvidiaDriverFiles files) {
        return new CudaDevices(files.deviceNode(), files.hasLibrary("libcuda.so.1"),
                files.hasLibrary("libnvcuvid.so.1"));
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
}
