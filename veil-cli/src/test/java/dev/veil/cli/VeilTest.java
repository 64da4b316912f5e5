package dev.veil.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.veil.run.ExitStatus;
import dev.veil.run.SampleVideo;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VeilTest {

    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @Test
    void helpListsTheCommands() {
        assertEquals(0, execute("help"));
        assertTrue(text(out).contains("run "), text(out));
        assertTrue(text(out).contains("bench "), text(out));
        assertEquals(0, execute("bench", "--help"));
        assertTrue(text(out).contains("--soak DURATION"), text(out));
        assertEquals(0, execute("run", "--help"));
        assertTrue(text(out).contains("--output FILE.mp4"));
        assertTrue(text(out).contains("Exit status:\n"), text(out));
        for (ExitStatus status : ExitStatus.values()) {
            assertTrue(text(out).matches("(?s).*\n  " + status.code() + " +\\S.*"), status + " in " + text(out));
        }
    }

    @Test
    void aBadFlagSaysWhatIsWrongAndExitsWith2() {
        assertEquals(2, execute("run", "--confidence", "2"));
        assertTrue(text(err).startsWith("veil run: --confidence 2 is out of range 0..1"), text(err));
        assertEquals(2, execute("launch"));
        assertTrue(text(err).contains("unknown command 'launch'"));
        assertEquals(2, execute("bench", "--soak", "forever"));
        assertTrue(text(err).contains("veil bench: --soak forever is not a duration"), text(err));
    }

    @Test
    void anUnknownModelStopsBeforeAnythingRuns() throws Exception {
        Path input = dir.resolve("clip.mp4");
        SampleVideo.writeSample(input, 0.2);
        assertEquals(2, execute("run", "--input", input.toString(), "--model", "resnet", "--port", "0"));
        assertTrue(text(err).contains("VEIL_MODEL=resnet is not a model"), text(err));
    }

    @Test
    void aFileThatIsNotVideoIsRefusedClearly() throws Exception {
        Path notVideo = Files.writeString(dir.resolve("notes.mp4"), "these are not frames");
        assertEquals(1, execute("run", "--input", notVideo.toString(), "--port", "0"));
        assertTrue(text(err).contains("is not a video FFmpeg can read"), text(err));
    }

    private int execute(String... args) {
        out.reset();
        err.reset();
        return Veil.execute(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private static String text(ByteArrayOutputStream stream) {
        return stream.toString(StandardCharsets.UTF_8);
    }
}
