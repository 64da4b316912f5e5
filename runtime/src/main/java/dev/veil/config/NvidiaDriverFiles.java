package dev.veil.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * What the NVIDIA container runtime gave this container, read from files only: its {@code /dev/nvidiaN} device nodes
 * and the driver's libraries ({@code libcuda.so.1}, {@code libnvcuvid.so.1}, ...) in the library directories. No CUDA
 * library is loaded to find out: a failed load leaves JavaCPP's CUDA classes unusable for the rest of the JVM, and
 * the CPU fallbacks must still work after the answer is "no". The inference vertex (TensorRT) and the source (NVDEC)
 * each ask for the libraries they need.
 */
public final class NvidiaDriverFiles {

    private static final Pattern DEVICE = Pattern.compile("nvidia\\d+");
    private static final List<String> LIBRARY_DIRS = List.of("usr/lib/x86_64-linux-gnu", "lib/x86_64-linux-gnu",
            "usr/lib64", "lib64", "usr/lib", "usr/local/nvidia/lib64", "usr/local/nvidia/lib", "usr/local/cuda/compat",
            "usr/lib/wsl/lib");

    private final Path root;
    private final List<Path> libraryDirs;

    private NvidiaDriverFiles(Path root, List<Path> libraryDirs) {
        this.root = root;
        this.libraryDirs = libraryDirs;
    }

    /** The machine this JVM runs on. */
    public static NvidiaDriverFiles here() {
        return under(Path.of("/"), System.getenv("LD_LIBRARY_PATH"));
    }

    /** The files under {@code root}, as if it were {@code /}; {@code ldLibraryPath} may be null. */
    public static NvidiaDriverFiles under(Path root, String ldLibraryPath) {
        List<Path> dirs = new ArrayList<>();
        if (ldLibraryPath != null) {
            for (String dir : ldLibraryPath.split(":")) {
                if (!dir.isBlank()) {
                    dirs.add(root.resolve(dir.replaceFirst("^/+", "")));
                }
            }
        }
        LIBRARY_DIRS.forEach(d -> dirs.add(root.resolve(d)));
        return new NvidiaDriverFiles(root, List.copyOf(dirs));
    }

    /** A {@code /dev/nvidiaN} device node is present. */
    public boolean deviceNode() {
        try (Stream<Path> dev = Files.list(root.resolve("dev"))) {
            return dev.anyMatch(p -> DEVICE.matcher(p.getFileName().toString()).matches());
        } catch (IOException e) {
            return false;
        }
    }

    /** A library of this file name is in one of the library directories. */
    public boolean hasLibrary(String fileName) {
        return libraryDirs.stream().anyMatch(d -> Files.exists(d.resolve(fileName)));
    }
}
