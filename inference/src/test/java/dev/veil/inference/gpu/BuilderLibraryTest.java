package dev.veil.inference.gpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** TensorRT's builder library for the GPU's architecture, looked for before a build is tried. */
class BuilderLibraryTest {

    @TempDir
    Path dir;

    @Test
    void theLibraryOfThisArchitectureAndVersionLetsTheBuildGoAhead() throws IOException {
        Path lib = Files.createDirectories(dir.resolve("lib"));
        Files.createFile(lib.resolve("libnvinfer_builder_resource_sm75.so.10.15.1"));

        assertEquals(Optional.empty(), BuilderLibrary.missing(7, 5, "10.15.1", List.of(dir.resolve("other"), lib)));
    }

    @Test
    void theOldAllArchitecturesLibraryDoesToo() throws IOException {
        Files.createFile(dir.resolve("libnvinfer_builder_resource.so.10.6.0"));

        assertEquals(Optional.empty(), BuilderLibrary.missing(8, 0, "10.6.0", List.of(dir)));
    }

    @Test
    void onlyThePtxLibraryAsInTheRedistributableIsOneLineSayingWhatIsMissing() throws IOException {
        // What Bytedeco's 1.5.13 redistributable ships: an H200 (9.0) cannot build with it.
        Files.createFile(dir.resolve("libnvinfer_builder_resource_ptx.so.10.15.1"));
        Files.createFile(dir.resolve("libnvinfer_builder_resource_sm90.so.10.14.1"));

        Optional<String> missing = BuilderLibrary.missing(9, 0, "10.15.1", List.of(dir, dir));

        assertEquals(Optional.of("TensorRT 10.15.1 cannot build engines for this GPU (compute capability 9.0): no "
                + "libnvinfer_builder_resource_sm90.so.10.15.1 in [" + dir + "]"), missing);
    }

    @Test
    void anotherArchitecturesLibraryIsNotThisOnes() throws IOException {
        Files.createFile(dir.resolve(BuilderLibrary.fileName(8, 0, "10.15.1")));
        assertTrue(BuilderLibrary.missing(7, 5, "10.15.1", List.of(dir)).isPresent());
    }
}
