package dev.veil.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.veil.sink.Mp4Reader;
import dev.veil.source.TestVideos;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code veil run}'s exit status tells the truth about each awkward input, and the summary says what was lost. The
 * statuses are those of {@link ExitStatus}, documented in {@code veil run --help} and the README.
 */
class RunExitStatusTest {

    private static final Pattern LOST = Pattern.compile("Damaged input: (\\d+) of its frames lost");

    @TempDir
    Path dir;

    /** What one {@code veil run} said and returned. */
    private record Run(int exit, String out, String err) {
        String said() {
            return "exit " + exit + "\n--- stdout\n" + out + "--- stderr\n" + err;
        }
    }

    @Test
    void anOutputThatCannotBeWrittenIsRefusedBeforeAnythingIsDecoded() throws Exception {
        Path input = TestInputs.h264(dir.resolve("clip.mp4"), 160, 120, 10, 25, false);

        Run missingFolder = veilRun("--input", input.toString(), "--output",
                dir.resolve("no-such-folder").resolve("out.mp4").toString(), "--port", "0");
        Path folder = Files.createDirectory(dir.resolve("taken.mp4"));
        Run aFolder = veilRun("--input", input.toString(), "--output", folder.toString(), "--port", "0");

        assertEquals(ExitStatus.USAGE.code(), missingFolder.exit(), missingFolder.said());
        assertEquals("veil run: cannot write --output " + dir.resolve("no-such-folder").resolve("out.mp4")
                + ": the folder " + dir.resolve("no-such-folder") + " does not exist\n", missingFolder.err());
        assertEquals("", missingFolder.out(), "nothing started: no input opened, no viewer, no frame");
        assertEquals(ExitStatus.USAGE.code(), aFolder.exit(), aFolder.said());
        assertTrue(aFolder.err().contains("it is a folder"), aFolder.said());
        assertEquals("", aFolder.out());
    }

    @Test
    void aOneByOnePixelInputCannotMakeAnMp4AndSaysSoInsteadOfWritingAnEmptyFile() throws Exception {
        Path input = TestVideos.rawVideo(dir.resolve("dot.avi"), 1, 1, 20, 25);
        Path output = dir.resolve("dot.mp4");

        Run run = veilRun("--input", input.toString(), "--output", output.toString(), "--port", "0",
                "--pacing", "as-fast-as-possible");

        assertEquals(ExitStatus.FAILED.code(), run.exit(), run.said());
        assertTrue(run.err().contains("pictures are 1x1, too small for H.264"), run.said());
        assertFalse(run.out().contains("Wrote"), run.said());
        assertFalse(Files.exists(output), "no file that looks like a video");
        try (var files = Files.list(dir)) {
            assertEquals(List.of("dot.avi"), files.map(f -> f.getFileName().toString()).toList(),
                    "no partial file left either");
        }
    }

    @Test
    void anInputWhosePicturesAreAllDamagedWritesNoFileAndFails() throws Exception {
        // One key frame for the whole clip, overwritten: every picture depends on it, so none can be shown.
        Path clean = TestInputs.h264(dir.resolve("clean.mp4"), 320, 240, 25, 25, false);
        // The pictures start near the front (the index is at the end): 200 bytes in is inside the key frame.
        Path damaged = TestVideos.overwritten(clean, dir.resolve("damaged.mp4"), 200.0 / Files.size(clean), 4000);
        Path output = dir.resolve("out.mp4");

        Run run = veilRun("--input", damaged.toString(), "--output", output.toString(), "--port", "0",
                "--pacing", "as-fast-as-possible");

        assertEquals(ExitStatus.FAILED.code(), run.exit(), run.said());
        assertTrue(run.err().contains("veil run: no frame came out of " + damaged + ": video damaged"), run.said());
        assertTrue(run.out().contains("Done: no frame in"), run.said());
        assertFalse(run.out().contains("Wrote"), run.said());
        assertFalse(Files.exists(output), "no empty video left behind");
        assertFalse(Files.exists(dir.resolve(".out.mp4.video-only.mp4")), "nor the part written first");
    }

    @Test
    void theDetectorSearchesAtTheScalesGivenAndAScaleOutOfRangeIsAUsageError() throws Exception {
        Path input = TestInputs.h264(dir.resolve("clip.mp4"), 320, 240, 10, 25, false);

        Run run = veilRun("--input", input.toString(), "--port", "0", "--pacing", "as-fast-as-possible",
                "--yunet-scales", "0.8,0.5");
        Run refused = veilRun("--input", input.toString(), "--port", "0", "--yunet-scales", "0.8,5");

        assertEquals(ExitStatus.OK.code(), run.exit(), run.said());
        assertTrue(run.out().contains("yunet_n_dynamic.onnx at 0.8x and at 0.5x on onnxruntime"), run.said());
        assertEquals(ExitStatus.USAGE.code(), refused.exit(), refused.said());
        assertTrue(refused.err().contains("--yunet-scales 0.8,5 has scale 5, out of range 0.1..2"), refused.said());
        assertEquals("", refused.out(), "nothing started");
    }

    @Test
    void anInputWithOnlyAudioFailsWithOneClearLine() throws Exception {
        Path input = TestInputs.audioOnly(dir.resolve("talk.m4a"), 2);

        Run run = veilRun("--input", input.toString(), "--port", "0");

        assertEquals(ExitStatus.FAILED.code(), run.exit(), run.said());
        assertEquals("veil run: " + input + " has no video stream (only audio): there is no picture to anonymize\n",
                run.err());
    }

    @Test
    void framesLostToDamageGiveTheirOwnStatusAndTheirCountInTheSummary() throws Exception {
        // 100 pictures, a key frame every 25: noise in the middle of the H.264 costs the pictures up to the next one.
        Path clean = TestInputs.h264(dir.resolve("clean.mp4"), 320, 240, 100, 25, false);
        Path damaged = TestVideos.overwritten(clean, dir.resolve("damaged.mp4"), 0.5, 2000);
        Path output = dir.resolve("out.mp4");

        Run run = veilRun("--input", damaged.toString(), "--output", output.toString(), "--port", "0",
                "--pacing", "as-fast-as-possible");

        assertEquals(ExitStatus.DAMAGED_INPUT.code(), run.exit(), run.said());
        long lost = lostInSummary(run);
        int written = Mp4Reader.countPictures(output);
        assertTrue(lost > 0 && lost < 50, "a run of pictures up to the next key frame: " + run.said());
        assertEquals(100, written + lost, "the summary counts exactly the pictures the output lacks: " + run.said());
        assertTrue(run.err().contains("the input is damaged: " + lost + " of its frames lost (exit status 3)"),
                run.said());
        assertTrue(run.out().contains("Wrote " + output), "what survived is written: " + run.said());
    }

    @Test
    void aCutOffFileIsReportedWithTheFramesItLost() throws Exception {
        // An index at the front (as web and phone videos have it): the file opens, and its end is missing.
        Path whole = TestInputs.h264(dir.resolve("whole.mp4"), 320, 240, 100, 25, true);
        Path cut = TestInputs.cut(whole, dir.resolve("cut.mp4"), 0.6);
        Path output = dir.resolve("out.mp4");

        Run run = veilRun("--input", cut.toString(), "--output", output.toString(), "--port", "0",
                "--pacing", "as-fast-as-possible");

        assertEquals(ExitStatus.DAMAGED_INPUT.code(), run.exit(), run.said());
        long lost = lostInSummary(run);
        int written = Mp4Reader.countPictures(output);
        assertTrue(written > 20 && written < 80, "the first part is kept: " + written);
        assertEquals(100, written + lost, run.said());
    }

    @Test
    void aCutOffFileWhoseIndexWasAtTheEndCannotBeReadAndFails() throws Exception {
        Path whole = TestInputs.h264(dir.resolve("whole.mp4"), 320, 240, 50, 25, false);
        Path cut = TestInputs.cut(whole, dir.resolve("cut.mp4"), 0.6);

        Run run = veilRun("--input", cut.toString(), "--port", "0");

        assertEquals(ExitStatus.FAILED.code(), run.exit(), run.said());
        assertTrue(run.err().contains("cut.mp4 is not a video FFmpeg can read"), run.said());
    }

    @Test
    void aVariableFrameRateInputKeepsItsTimingAndItsDuration() throws Exception {
        // 40 pictures at 30 fps, then 40 at 10 fps: 5.33 s, 15 fps on average. On a 15 fps grid the first part
        // would be stretched to 2.7 s (1.3 s late) and the file would end late.
        List<Long> times = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            times.add(Math.round(i * 1_000_000 / 30.0));
        }
        for (int i = 0; i < 40; i++) {
            times.add(Math.round(40 * 1_000_000 / 30.0) + i * 100_000L);
        }
        Path input = TestInputs.atTimes(dir.resolve("phone.mp4"), 320, 240, times, 15);
        Path output = dir.resolve("out.mp4");
        Timing in = timing(input);
        long shortest = Long.MAX_VALUE;
        long longest = 0;
        for (int i = 1; i < in.times().size(); i++) {
            long step = in.times().get(i) - in.times().get(i - 1);
            shortest = Math.min(shortest, step);
            longest = Math.max(longest, step);
        }
        assertTrue(shortest < 40_000 && longest > 90_000, "the input really has a variable frame rate");

        Run run = veilRun("--input", input.toString(), "--output", output.toString(), "--port", "0",
                "--pacing", "as-fast-as-possible");

        assertEquals(ExitStatus.OK.code(), run.exit(), run.said());
        Timing out = timing(output);
        assertEquals(in.times().size(), out.times().size(), run.said());
        for (int i = 0; i < in.times().size(); i++) {
            assertTrue(Math.abs(out.times().get(i) - in.times().get(i)) <= 1_000, "picture " + i + " at "
                    + out.times().get(i) + " µs, in the input at " + in.times().get(i));
        }
        assertTrue(Math.abs(out.durationMicros() - in.durationMicros()) <= longest, "duration "
                + out.durationMicros() + " µs, the input's " + in.durationMicros() + " µs: within a frame");
    }

    private record Timing(List<Long> times, long durationMicros) {
    }

    private static Timing timing(Path file) throws IOException {
        try (FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(file.toFile())) {
            grabber.start();
            List<Long> times = new ArrayList<>();
            while (grabber.grabImage() != null) {
                times.add(grabber.getTimestamp());
            }
            return new Timing(times, grabber.getLengthInTime());
        }
    }

    private static long lostInSummary(Run run) {
        Matcher m = LOST.matcher(run.out());
        assertTrue(m.find(), "the summary counts the frames lost: " + run.said());
        return Long.parseLong(m.group(1));
    }

    /** {@code veil run ARGS}. */
    private static Run veilRun(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = RunCommand.execute(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
}
