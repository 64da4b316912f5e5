package dev.veil.inference.gpu;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Whether TensorRT can build an engine for this GPU here. TensorRT 10 builds with a kernel library per GPU
 * architecture, {@code libnvinfer_builder_resource_sm<major><minor>.so.<version>} ({@code _sm75} on a T4,
 * {@code _sm80} on an A100, {@code _sm90} on an H100 or H200), which it opens by name when the first build starts;
 * versions up to 10.6 had one library for all ({@code libnvinfer_builder_resource.so.<version>}). Bytedeco's
 * TensorRT redistributable ships neither, only the PTX one, and the build then fails deep inside TensorRT; NVIDIA's
 * TensorRT images carry them all. Checked from files, before a build is tried: running an engine already built (a
 * cache hit) needs no builder library.
 */
public final class BuilderLibrary {

    private BuilderLibrary() {
    }

    /** The per-architecture library TensorRT opens to build for this compute capability. */
    public static String fileName(int major, int minor, String tensorRtVersion) {
        return "libnvinfer_builder_resource_sm" + major + minor + ".so." + tensorRtVersion;
    }

    /**
     * Empty when a builder library for this GPU is in one of the folders (searched in order, not below them), else
     * the one line that says which library is missing and where it was looked for.
     *
     * @param tensorRtVersion the loaded TensorRT's full version, e.g. {@code 10.15.1}
     */
    public static Optional<String> missing(int major, int minor, String tensorRtVersion, List<Path> folders) {
        String perArchitecture = fileName(major, minor, tensorRtVersion);
        String allArchitectures = "libnvinfer_builder_resource.so." + tensorRtVersion;
        for (Path folder : folders) {
            if (Files.isRegularFile(folder.resolve(perArchitecture)) || Files.isRegularFile(folder.resolve(allArchitectures))) {
                return Optional.empty();
            }
        }
        return Optional.of("TensorRT " + tensorRtVersion + " cannot build engines for this GPU (compute capability "
                + major + "." + minor + "): no " + perArchitecture + " in " + folders.stream().distinct().toList());
    }
}
