package dev.veil.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.veil.inference.gpu.CudaLibraries;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where the GPU check looks for CUDA's libraries, on machines laid out in a folder. */
class CudaLibrarySearchTest {

    @TempDir
    Path root;

    private Path file(String path) throws IOException {
        Path f = root.resolve(path);
        Files.createDirectories(f.getParent());
        return Files.writeString(f, "library");
    }

    @Test
    void theEnvironmentsOfAGpuMachineAreFoundInTheirUsualPlaces() throws IOException {
        Files.createDirectories(root.resolve("usr/local/lib/python3.12/dist-packages"));
        Files.createDirectories(root.resolve("opt/torch/.venv/lib/python3.12/site-packages"));
        Files.createDirectories(root.resolve("home/dev/.local/lib/python3.11/site-packages"));
        Files.createDirectories(root.resolve("opt/conda/lib/python3.10/site-packages"));

        List<Path> sites = CudaLibrarySearch.pythonEnvironments(root, Map.of("HOME", "/home/dev"));

        assertTrue(sites.contains(root.resolve("usr/local/lib/python3.12/dist-packages")), sites.toString());
        assertTrue(sites.contains(root.resolve("opt/torch/.venv/lib/python3.12/site-packages")), sites.toString());
        assertTrue(sites.contains(root.resolve("opt/conda/lib/python3.10/site-packages")), sites.toString());
        assertTrue(sites.contains(root.resolve("home/dev/.local/lib/python3.11/site-packages")), sites.toString());
    }

    @Test
    void pipsNvidiaPackagesAreSearchedAfterTheGivenFoldersAndTheSystemOnes() throws IOException {
        // The layout of NVIDIA's CUDA 13 wheels in a PyTorch virtual environment, and cuDNN's own package.
        String site = "opt/torch/.venv/lib/python3.12/site-packages";
        file(site + "/nvidia/cu13/lib/libcudart.so.13");
        file(site + "/nvidia/cu13/lib/libcublas.so.13");
        file(site + "/nvidia/cu13/lib/libcublasLt.so.13");
        file(site + "/nvidia/cudnn/lib/libcudnn.so.9");
        Path given = file("my/cuda/lib64/libcudart.so.13").getParent();

        var folders = CudaLibrarySearch.folders(List.of(root.resolve("my")), root, null,
                CudaLibrarySearch.pythonEnvironments(root, Map.of()));
        CudaLibraries found = CudaLibraries.find(folders);

        assertEquals(root.resolve("my"), folders.get(0).dir(), "the folders given come first");
        assertTrue(found.complete(CudaLibraries.OPENCV_CUDA), found.toString());
        assertEquals(given.resolve("libcudart.so.13"), found.found().get("libcudart.so.13"));
        assertEquals(root.resolve(site + "/nvidia/cudnn/lib/libcudnn.so.9"), found.found().get("libcudnn.so.9"));
    }

    @Test
    void aMachineWithoutPythonOrOptHasNoEnvironments() {
        assertEquals(List.of(), CudaLibrarySearch.pythonEnvironments(root, Map.of()));
    }
}
