package dev.veil.inference.gpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Where a loaded library came from, read from a process's memory map. */
class LoadedLibrariesTest {

    private static final String MAPS = """
            55d0c0a00000-55d0c0a01000 r--p 00000000 08:01 1234   /usr/lib/jvm/java-17/bin/java
            7f3a10000000-7f3a10021000 rw-p 00000000 00:00 0
            7f3a20000000-7f3a28000000 r-xp 00000000 08:01 99     /tmp/javacpp/cache/tensorrt-10.15-1.5.13-linux-x86_64-redist.jar/org/bytedeco/tensorrt/linux-x86_64/libnvinfer.so.10
            7f3a30000000-7f3a30001000 r--p 00000000 08:01 100    /opt/my libs/libcudart.so.13 (deleted)
            7ffd1e000000-7ffd1e021000 rw-p 00000000 00:00 0      [stack]
            """;

    @Test
    void theFolderOfAMappedLibraryIsFound() {
        assertEquals(Optional.of(Path.of("/tmp/javacpp/cache/tensorrt-10.15-1.5.13-linux-x86_64-redist.jar/org/bytedeco"
                + "/tensorrt/linux-x86_64")), LoadedLibraries.folderOf("libnvinfer.so.10", MAPS));
    }

    @Test
    void pathsWithSpacesAndDeletedFilesAreRead() {
        assertEquals(Optional.of(Path.of("/opt/my libs")), LoadedLibraries.folderOf("libcudart.so.13", MAPS));
    }

    @Test
    void aLibraryNotMappedIsNotFound() {
        assertEquals(Optional.empty(), LoadedLibraries.folderOf("libnvinfer_builder_resource_sm75.so.10.15.1", MAPS));
        assertEquals(Optional.empty(), LoadedLibraries.folderOf("stack]", MAPS));
    }

    @Test
    void thisJvmsOwnRuntimeLibraryIsFoundInItsMap() {
        Optional<Path> folder = LoadedLibraries.folderOf("libjava.so");
        assertTrue(folder.isPresent(), "libjava.so is mapped in every HotSpot JVM");
        assertTrue(Files.isRegularFile(folder.get().resolve("libjava.so")), folder.toString());
    }
}
