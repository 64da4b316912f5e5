package dev.veil.inference.gpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.veil.inference.gpu.CudaLibraries.SearchFolder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Finding CUDA's libraries as files: on the loader's path, in the system folders, inside a Python environment. */
class CudaLibrariesTest {

    @TempDir
    Path root;

    private Path file(String path) throws IOException {
        Path f = root.resolve(path);
        Files.createDirectories(f.getParent());
        return Files.writeString(f, "not really a library");
    }

    @Test
    void theSystemFoldersOfACudaImageHoldWhatOpenCvNeeds() throws IOException {
        file("usr/local/cuda/lib64/libcudart.so.13");
        file("usr/local/cuda/lib64/libcublas.so.13");
        file("usr/local/cuda/lib64/libcublasLt.so.13");
        file("usr/lib/x86_64-linux-gnu/libcudnn.so.9");
        file("usr/lib/x86_64-linux-gnu/libcudnn_ops.so.9");

        CudaLibraries found = CudaLibraries.find(CudaLibraries.systemFolders(root, null));

        assertTrue(found.complete(CudaLibraries.OPENCV_CUDA), found.toString());
        assertEquals(root.resolve("usr/lib/x86_64-linux-gnu/libcudnn_ops.so.9"), found.found().get("libcudnn_ops.so.9"));
        assertEquals(List.of(root.resolve("usr/local/cuda/lib64"), root.resolve("usr/lib/x86_64-linux-gnu")),
                found.libraryFolders());
        assertFalse(found.complete(CudaLibraries.TENSORRT), "no TensorRT here");
        assertEquals(List.of("libnvrtc.so.13", "libnvinfer.so.10", "libnvonnxparser.so.10"),
                found.missing(CudaLibraries.TENSORRT));
    }

    @Test
    void theLoadersPathComesFirstAndTheFirstFileOfANameWins() throws IOException {
        file("usr/local/cuda/lib64/libcudart.so.13");
        Path mine = file("opt/mine/libcudart.so.13");

        CudaLibraries found = CudaLibraries.find(CudaLibraries.systemFolders(root, "/nowhere::/opt/mine"));

        assertEquals(mine, found.found().get("libcudart.so.13"));
    }

    @Test
    void aPythonEnvironmentsNvidiaPackagesAreFoundBelowTheFolderGiven() throws IOException {
        // As pip lays out nvidia-cuda-runtime, nvidia-cublas and nvidia-cudnn-cu13.
        Path site = root.resolve("usr/local/lib/python3.12/dist-packages");
        file("usr/local/lib/python3.12/dist-packages/nvidia/cuda_runtime/lib/libcudart.so.13");
        file("usr/local/lib/python3.12/dist-packages/nvidia/cublas/lib/libcublas.so.13");
        file("usr/local/lib/python3.12/dist-packages/nvidia/cublas/lib/libcublasLt.so.13");
        file("usr/local/lib/python3.12/dist-packages/nvidia/cudnn/lib/libcudnn.so.9");
        file("usr/local/lib/python3.12/dist-packages/nvidia/cuda_nvrtc/lib/libnvrtc-builtins.so.13.0");

        CudaLibraries shallow = CudaLibraries.find(List.of(new SearchFolder(site, 2)));
        CudaLibraries deep = CudaLibraries.find(List.of(new SearchFolder(site, 4)));

        assertFalse(shallow.complete(CudaLibraries.OPENCV_CUDA), "two levels do not reach nvidia/*/lib/");
        assertTrue(deep.complete(CudaLibraries.OPENCV_CUDA), deep.toString());
        assertTrue(deep.found().containsKey("libnvrtc-builtins.so.13.0"), "NVRTC's builtins carry their own version");
        assertEquals(4, deep.libraryFolders().size());
    }

    @Test
    void whatIsMissingIsOneLineNamingTheLibrariesAndTheFolders() throws IOException {
        file("usr/local/cuda/lib64/libcudart.so.13");
        CudaLibraries found = CudaLibraries.find(List.of(SearchFolder.flat(root.resolve("usr/local/cuda/lib64"))));

        assertEquals("no libcublasLt.so.13, libcublas.so.13, libcudnn.so.9 in [" + root.resolve("usr/local/cuda/lib64")
                + "]", found.describeMissing(CudaLibraries.OPENCV_CUDA));
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> found.preload(CudaLibraries.OPENCV_CUDA));
        assertEquals(found.describeMissing(CudaLibraries.OPENCV_CUDA), e.getMessage());
    }

    @Test
    void aRequiredFileThatDoesNotLoadIsNamedWithTheLoadersReason() throws IOException {
        for (String name : CudaLibraries.OPENCV_CUDA) {
            file("lib/" + name);
        }
        CudaLibraries found = CudaLibraries.find(List.of(SearchFolder.flat(root.resolve("lib"))));

        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> found.preload(CudaLibraries.OPENCV_CUDA));

        assertTrue(e.getMessage().startsWith("CUDA libraries found but not loadable: libcudart.so.13 ("), e.getMessage());
        assertTrue(e.getMessage().contains("libcudnn.so.9 ("), e.getMessage());
    }

    @Test
    void aMissingOrUnreadableFolderIsPassedOver() {
        CudaLibraries found = CudaLibraries.find(List.of(SearchFolder.flat(root.resolve("gone")),
                new SearchFolder(root.resolve("also-gone"), 5)));
        assertTrue(found.found().isEmpty());
        assertEquals(CudaLibraries.OPENCV_CUDA, found.missing(CudaLibraries.OPENCV_CUDA));
    }
}
