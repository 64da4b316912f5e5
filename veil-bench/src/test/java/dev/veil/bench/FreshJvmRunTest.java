package dev.veil.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.veil.run.CpuPart;
import dev.veil.run.ExitStatus;
import dev.veil.run.FrameCpu;
import dev.veil.run.SampleVideo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FreshJvmRunTest {

    @TempDir
    Path dir;

    @Test
    void aRunInItsOwnJvmReportsWhatItsSummarySaysAndWritesItsOutput() throws Exception {
        Path input = dir.resolve("scene.mp4");
        SampleVideo.writeSample(input, 1, 320, 240, 25, false);
        Path output = dir.resolve("out.mp4");

        FreshJvmRun.Summary summary = FreshJvmRun.run(List.of("--input", input.toString(), "--output",
                output.toString(), "--pacing", "as-fast-as-possible", "--port", "0"), Duration.ofMinutes(3));

        assertEquals(ExitStatus.OK.code(), summary.exitCode());
        assertEquals(25, summary.frames());
        assertTrue(summary.framesPerSecondAfterStartUp() > 0, "frames/s " + summary.framesPerSecondAfterStartUp());
        assertTrue(Files.size(output) > 0, "the child wrote the MP4");
        // The child's CPU line: its parts add up to the whole, and the detector did some of the work.
        FrameCpu cpu = summary.cpu().orElseThrow(() -> new AssertionError("no CPU line from the child on Linux"));
        assertTrue(cpu.of(CpuPart.DETECTOR) > 0, cpu.line());
        assertEquals(cpu.inAll(), cpu.millis().values().stream().mapToDouble(Double::doubleValue).sum(),
                0.01 * cpu.inAll(), cpu.line());
        assertEquals(Runtime.getRuntime().availableProcessors(), cpu.cores());
    }

    @Test
    void aRunThatCannotStartReportsItsUsageStatus() throws Exception {
        FreshJvmRun.Summary summary = FreshJvmRun.run(List.of("--input", dir.resolve("missing.mp4").toString(),
                "--pacing", "sideways"), Duration.ofMinutes(2));

        assertEquals(ExitStatus.USAGE.code(), summary.exitCode());
        assertEquals(0, summary.frames());
    }

    @Test
    void theSummaryLineIsFoundAmongOtherLinesAndNothingElseIsTakenForIt() {
        assertEquals(Optional.of(new FreshJvmRun.Summary(0, 90, 24.5, Optional.empty())), FreshJvmRun.parse(
                "05:00 INFO started\n" + FreshJvmRun.PREFIX + " 0 90 24.500\nbye\n"));
        assertEquals(Optional.empty(), FreshJvmRun.parse("Done: 90 frames in 3.0 s, 30.0 fps after start-up\n"));
        assertEquals(Optional.empty(), FreshJvmRun.parse(FreshJvmRun.PREFIX + " 0 ninety 24.5\n"));
        assertEquals(Optional.empty(), FreshJvmRun.parse(""));
    }

    @Test
    void theCpuLineGoesToTheParentWithEveryPartAndABrokenOneIsLeftOut() {
        FrameCpu cpu = new FrameCpu(Map.of(CpuPart.DETECTOR, 53.9, CpuPart.ENCODING, 18.75, CpuPart.OTHER, 3.0), 84.4,
                2);
        FreshJvmRun.Summary summary = FreshJvmRun.parse("started\n" + FreshJvmRun.cpuLine(cpu) + "\n"
                + FreshJvmRun.PREFIX + " 0 90 18.300\n").orElseThrow();
        assertEquals(Optional.of(cpu), summary.cpu());
        assertEquals("CPU a frame from the pipeline's start: detector 53.9 ms, MP4 encoding 18.8, other 3.0;"
                + " 84.4 ms in all, on 2 cores", summary.cpu().orElseThrow().line());

        for (String broken : List.of(" 84.4 2 DETECTOR=fast", " 84.4 2 SPINNING=3.0", " 84.4", " 84.4 two",
                " 84.4 2 DETECTOR")) {
            assertEquals(Optional.empty(), FreshJvmRun.parse(FreshJvmRun.CPU_PREFIX + broken + "\n"
                    + FreshJvmRun.PREFIX + " 0 90 18.300\n").orElseThrow().cpu(), broken);
        }
    }

    @Test
    void theChildGetsThisJvmsFlagsLessAgentsDebuggersAndRecordings() {
        assertEquals(List.of("-XX:+UseSerialGC", "-Xss8m", "-Dveil.x=1"), FreshJvmRun.jvmFlags(List.of(
                "-XX:+UseSerialGC", "-javaagent:/tmp/jacoco.jar", "-Xss8m", "-agentlib:jdwp=transport=dt_socket",
                "-XX:StartFlightRecording=filename=a.jfr", "-Dveil.x=1")));
    }
}
