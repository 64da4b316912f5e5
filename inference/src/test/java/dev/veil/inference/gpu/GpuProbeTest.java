package dev.veil.inference.gpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The GPU question answered from files only, on fake roots laid out like containers with and without a GPU. */
class GpuProbeTest {

    @Test
    void aDeviceNodeAndTheDriverLibraryMakeAGpu(@TempDir Path root) throws IOException {
        Files.createDirectories(root.resolve("dev"));
        Files.createFile(root.resolve("dev/nvidia0"));
        Files.createFile(root.resolve("dev/nvidiactl"));
        Files.createDirectories(root.resolve("usr/lib/x86_64-linux-gnu"));
        Files.createFile(root.resolve("usr/lib/x86_64-linux-gnu/libcuda.so.1"));

        GpuProbe probe = GpuProbe.probe(root, null);

        assertTrue(probe.present());
        assertEquals("nothing", probe.missing());
    }

    @Test
    void theDriverLibraryIsAlsoFoundOnTheLibraryPath(@TempDir Path root) throws IOException {
        Files.createDirectories(root.resolve("dev"));
        Files.createFile(root.resolve("dev/nvidia3"));
        Files.createDirectories(root.resolve("opt/driver"));
        Files.createFile(root.resolve("opt/driver/libcuda.so.1"));

        assertFalse(GpuProbe.probe(root, null).present());
        assertTrue(GpuProbe.probe(root, "/nowhere::/opt/driver").present());
    }

    @Test
    void saysWhatIsMissing(@TempDir Path root) throws IOException {
        assertEquals("no /dev/nvidiaN device, no libcuda.so.1 (the NVIDIA driver library)",
                GpuProbe.probe(root, null).missing());
        Files.createDirectories(root.resolve("dev"));
        Files.createFile(root.resolve("dev/nvidiactl")); // the control node alone is no device
        assertFalse(GpuProbe.probe(root, null).deviceNode());
    }
}
