package dev.veil.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.veil.run.RunOptions;
import dev.veil.run.UsageException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BenchOptionsTest {

    @TempDir
    Path dir;

    @Test
    void defaultsAndEveryFlag() throws Exception {
        BenchOptions d = BenchOptions.parse();
        assertEquals(Path.of("bench-results"), d.out());
        assertEquals(EnumSet.allOf(BenchOptions.Section.class), d.sections());
        assertEquals(Optional.empty(), d.soak());
        assertEquals(RunOptions.DEFAULT_DETECT_EVERY, d.detectEvery());

        Path model = Files.createFile(dir.resolve("face.onnx"));
        BenchOptions o = BenchOptions.parse("--quick", "--out", "r", "--videos", "v", "--shared", dir.toString(),
                "--yolo", model.toString(), "--only", "references,realtime", "--soak", "30m", "--detect-every", "3");
        assertTrue(o.quick());
        assertEquals(Path.of("r"), o.out());
        assertEquals(Path.of("v"), o.videos());
        assertEquals(Optional.of(dir), o.shared());
        assertEquals(Optional.of(model), o.yolo());
        assertEquals(EnumSet.of(BenchOptions.Section.REFERENCES, BenchOptions.Section.REALTIME), o.sections());
        assertEquals(Optional.of(Duration.ofMinutes(30)), o.soak());
        assertEquals(3, o.detectEvery());
    }

    @Test
    void theSharedFoldersModelIsFoundWhenNoneIsGiven() throws Exception {
        Files.createDirectories(dir.resolve("models"));
        Path model = Files.createFile(dir.resolve("models/yolov5n-0.5-face.onnx"));
        assertEquals(Optional.of(model), BenchOptions.parse("--shared", dir.toString()).yolo());
    }

    @Test
    void mistakesAreExplained() {
        assertEquals("unknown option --fast", message("--fast"));
        assertEquals("--out needs a value", message("--out"));
        assertEquals("--only: unknown section gpu (references, stages, pipeline, realtime, coverage)",
                message("--only", "stages,gpu"));
        assertEquals("--soak soon is not a duration such as 30m or 90s", message("--soak", "soon"));
        assertEquals("--detect-every 11 is not a whole number in 1..10", message("--detect-every", "11"));
        assertTrue(message("--yolo", dir.resolve("none.onnx").toString()).endsWith("no such file"));
    }

    private static String message(String... args) {
        return assertThrows(UsageException.class, () -> BenchOptions.parse(args)).getMessage();
    }
}
