package dev.veil.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.veil.inference.gpu.GpuProbe;
import dev.veil.inference.gpu.Precision;
import dev.veil.run.UsageException;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code veil gpu-check}'s command line, and its answer on a machine without a GPU. */
class GpuCheckTest {

    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int execute(String... args) {
        return Veil.execute(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void withoutAGpuItFailsAtOnceWithOneLineSayingSo() {
        GpuProbe gpu = GpuProbe.probe();
        Assumptions.assumeFalse(gpu.present(), "this machine has a GPU: the no-GPU answer cannot be seen here");

        assertEquals(1, execute("gpu-check"));

        assertEquals("veil gpu-check: no GPU here (" + gpu.missing() + ")\n", err.toString(StandardCharsets.UTF_8));
        assertEquals("", out.toString(StandardCharsets.UTF_8), "nothing measured, nothing reported");
    }

    @Test
    void theHelpListsItAndItsOptions() {
        assertEquals(0, execute("help"));
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("gpu-check  check that faces are detected"));
        assertEquals(0, execute("gpu-check", "--help"));
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("--cuda-libs DIR"));
    }

    @Test
    void optionsAreReadAndBadOnesRefusedWithStatus2() throws UsageException {
        GpuCheckOptions o = GpuCheckOptions.parse("--cuda-libs", dir.toString(), "--media", dir.toString(),
                "--precision", "FP32", "--clip-frames", "60");
        assertEquals(List.of(dir), o.cudaLibs());
        assertEquals(Precision.FP32, o.precision());
        assertEquals(60, o.clipFrames());
        assertEquals(GpuCheckOptions.DEFAULT_CLIP_FRAMES, GpuCheckOptions.parse().clipFrames());
        assertEquals(false, o.dryRun());
        assertEquals(true, GpuCheckOptions.parse("--dry-run-on-cpu").dryRun());

        assertEquals("--cuda-libs /nowhere/at/all: no such folder", assertThrows(UsageException.class,
                () -> GpuCheckOptions.parse("--cuda-libs", "/nowhere/at/all")).getMessage());
        assertEquals("--precision int8: give fp16 or fp32", assertThrows(UsageException.class,
                () -> GpuCheckOptions.parse("--precision", "int8")).getMessage());
        assertEquals(2, execute("gpu-check", "--clip-frames", "5"));
        assertTrue(err.toString(StandardCharsets.UTF_8).startsWith("veil gpu-check: --clip-frames 5: give a number"),
                err.toString(StandardCharsets.UTF_8));
    }
}
