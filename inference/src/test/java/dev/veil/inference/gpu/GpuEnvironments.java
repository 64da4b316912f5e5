package dev.veil.inference.gpu;

import java.nio.file.Path;

/** Machines laid out under a folder, for tests: what {@link GpuEnvironment#here()} would see there. */
public final class GpuEnvironments {

    private GpuEnvironments() {
    }

    /** The files under {@code root} as if it were {@code /}, with or without TensorRT's JNI glue on the classpath. */
    public static GpuEnvironment under(Path root, boolean tensorRtBinding) {
        return new GpuEnvironment(GpuProbe.probe(root, null), CudaLibraries.find(CudaLibraries.systemFolders(root, null)),
                tensorRtBinding);
    }
}
