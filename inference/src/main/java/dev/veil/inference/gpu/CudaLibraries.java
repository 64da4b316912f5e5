package dev.veil.inference.gpu;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * CUDA's user-space libraries as files: where each one the GPU runtimes link against lies, found without loading
 * any of them (a failed load would leave JavaCPP's CUDA classes unusable for the rest of the JVM, see
 * {@link GpuProbe}). The NVIDIA driver's own {@code libcuda.so.1} is not among them: the container runtime mounts it
 * with the GPU.
 *
 * <p>OpenCV's CUDA build needs {@link #OPENCV_CUDA}; Bytedeco's TensorRT binding also loads the cuBLAS, cuDNN and
 * NVRTC bindings, so it needs {@link #TENSORRT} besides TensorRT itself. cuDNN 9 opens its sub-libraries
 * ({@code libcudnn_ops.so.9}, ...) by name when it first runs, and NVRTC its builtins: they are found too, so that
 * {@link #preload()} can load them all by path when they are not on the loader's path (a Python environment's
 * {@code site-packages/nvidia/*}{@code /lib}).
 *
 * @param found   file name (the library's soname) to the first file of that name found, in search order
 * @param folders the folders searched, in order
 */
public record CudaLibraries(Map<String, Path> found, List<SearchFolder> folders) {

    /** What OpenCV DNN's CUDA backend links against (from the natives' NEEDED entries, CUDA 13 and cuDNN 9). */
    public static final List<String> OPENCV_CUDA = List.of("libcudart.so.13", "libcublasLt.so.13", "libcublas.so.13",
            "libcudnn.so.9");
    /** What Bytedeco's TensorRT 10 binding loads: TensorRT, its ONNX parser, and the bindings it inherits. */
    public static final List<String> TENSORRT = List.of("libcudart.so.13", "libcublasLt.so.13", "libcublas.so.13",
            "libcudnn.so.9", "libnvrtc.so.13", "libnvinfer.so.10", "libnvonnxparser.so.10");
    /** Opened by name at run time by the libraries above; loaded ahead when found, never required. */
    static final List<String> OPENED_LATER = List.of("libnvJitLink.so.13", "libcudnn_graph.so.9",
            "libcudnn_engines_precompiled.so.9", "libcudnn_engines_runtime_compiled.so.9", "libcudnn_heuristic.so.9",
            "libcudnn_ops.so.9", "libcudnn_cnn.so.9", "libcudnn_adv.so.9");
    /** NVRTC's builtins carry the full CUDA version in their name ({@code libnvrtc-builtins.so.13.0}). */
    private static final String NVRTC_BUILTINS = "libnvrtc-builtins.so.";

    /**
     * The folders the dynamic loader itself searches in a CUDA container or on a machine with the CUDA toolkit: the
     * NVIDIA images put CUDA under {@code /usr/local/cuda} and cuDNN, TensorRT in the multiarch folder.
     */
    static final List<String> SYSTEM_FOLDERS = List.of("usr/local/cuda/lib64", "usr/local/cuda/targets/x86_64-linux/lib",
            "usr/local/cuda/compat", "usr/lib/x86_64-linux-gnu", "lib/x86_64-linux-gnu", "usr/lib64", "lib64",
            "usr/local/lib", "usr/local/nvidia/lib64", "usr/local/tensorrt/lib", "usr/lib/wsl/lib");

    public CudaLibraries {
        found = Collections.unmodifiableMap(new LinkedHashMap<>(found));
        folders = List.copyOf(folders);
    }

    /**
     * A folder to look in, and how deep: 1 for a library folder itself, more for a folder that holds library folders
     * somewhere below it (a Python environment, a folder given on the command line).
     */
    public record SearchFolder(Path dir, int depth) {
        public SearchFolder {
            if (depth < 1) {
                throw new IllegalArgumentException("search depth " + depth + " < 1");
            }
        }

        static SearchFolder flat(Path dir) {
            return new SearchFolder(dir, 1);
        }
    }

    /**
     * The folders of this machine, in the loader's order: {@code LD_LIBRARY_PATH} (may be null), then the system
     * folders, all under {@code root} (the file system's root but in tests).
     */
    public static List<SearchFolder> systemFolders(Path root, String ldLibraryPath) {
        List<SearchFolder> folders = new ArrayList<>();
        if (ldLibraryPath != null) {
            for (String dir : ldLibraryPath.split(":")) {
                if (!dir.isBlank()) {
                    folders.add(SearchFolder.flat(root.resolve(dir.replaceFirst("^/+", ""))));
                }
            }
        }
        SYSTEM_FOLDERS.forEach(d -> folders.add(SearchFolder.flat(root.resolve(d))));
        return folders;
    }

    /** Looks for every library either GPU runtime needs, and the ones opened later, in the folders' order. */
    public static CudaLibraries find(List<SearchFolder> folders) {
        Set<String> wanted = new LinkedHashSet<>(OPENCV_CUDA);
        wanted.addAll(TENSORRT);
        wanted.addAll(OPENED_LATER);
        Map<String, Path> found = new LinkedHashMap<>();
        for (SearchFolder folder : folders) {
            if (!Files.isDirectory(folder.dir())) {
                continue;
            }
            try (Stream<Path> files = Files.walk(folder.dir(), folder.depth())) {
                files.filter(f -> !Files.isDirectory(f)).forEach(f -> {
                    String name = f.getFileName().toString();
                    if (wanted.contains(name) || name.startsWith(NVRTC_BUILTINS)) {
                        found.putIfAbsent(name, f);
                    }
                });
            } catch (IOException | UncheckedIOException e) {
                // An unreadable folder (permissions, a link to nowhere) holds nothing usable: look elsewhere.
            }
        }
        return new CudaLibraries(found, folders);
    }

    /** The libraries of {@code required} found nowhere. */
    public List<String> missing(List<String> required) {
        return required.stream().filter(r -> !found.containsKey(r)).toList();
    }

    /** Every library of {@code required} was found. */
    public boolean complete(List<String> required) {
        return missing(required).isEmpty();
    }

    /** The folders the found libraries lie in, in search order: what {@code LD_LIBRARY_PATH} would need. */
    public List<Path> libraryFolders() {
        return found.values().stream().map(Path::getParent).distinct().toList();
    }

    /** One line for a log or an error: what of {@code required} is missing and where it was looked for. */
    public String describeMissing(List<String> required) {
        return "no " + String.join(", ", missing(required)) + " in " + folders.stream().map(f -> f.dir().toString())
                .distinct().toList();
    }

    /**
     * Loads every library found, by its path, so that a native library loaded afterwards that needs one of them by
     * name gets the one loaded here (the dynamic loader matches an already loaded library by its soname before it
     * searches any folder). Libraries that need another one not yet loaded are retried after it, until a round
     * loads nothing more.
     *
     * @param required what must be there and load
     * @return the file names loaded
     * @throws IllegalStateException naming the required libraries that are missing or would not load, and why
     */
    public List<String> preload(List<String> required) {
        if (!complete(required)) {
            throw new IllegalStateException(describeMissing(required));
        }
        Map<String, Path> pending = new LinkedHashMap<>(found);
        Map<String, String> errors = new LinkedHashMap<>();
        List<String> loaded = new ArrayList<>();
        boolean progress = true;
        while (!pending.isEmpty() && progress) {
            progress = false;
            for (var it = pending.entrySet().iterator(); it.hasNext(); ) {
                var entry = it.next();
                try {
                    System.load(entry.getValue().toAbsolutePath().toString());
                    loaded.add(entry.getKey());
                    errors.remove(entry.getKey());
                    it.remove();
                    progress = true;
                } catch (UnsatisfiedLinkError e) {
                    errors.put(entry.getKey(), e.getMessage());
                }
            }
        }
        List<String> failed = new ArrayList<>();
        for (String name : pending.keySet()) {
            if (required.contains(name)) {
                failed.add(name + " (" + errors.get(name) + ")");
            }
        }
        if (!failed.isEmpty()) {
            throw new IllegalStateException("CUDA libraries found but not loadable: " + String.join("; ", failed));
        }
        return loaded;
    }
}
