package dev.veil.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.veil.inference.InferenceConfig;
import dev.veil.inference.tracking.TrackingConfig;
import dev.veil.sink.AnonymizeMode;
import dev.veil.sink.H264EncoderChoice;
import dev.veil.source.SourceConfig;
import dev.veil.testing.ReadmeTables;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunOptionsTest {

    @TempDir
    Path dir;

    @Test
    void defaults() throws Exception {
        RunOptions o = RunOptions.parse();
        assertEquals(Optional.empty(), o.input());
        assertEquals(8080, o.port());
        assertEquals(AnonymizeMode.BLUR, o.mode());
        assertEquals(false, o.showFaces());
        assertEquals(0.3, o.confidence(), "YuNet's own threshold");
        assertEquals(0.5, RunOptions.parse("--model", "blazeface-full").confidence(), "BlazeFace's own threshold");
        assertEquals(1280, o.width());
        assertEquals(720, o.height());
        assertEquals(SourceConfig.Pacing.REALTIME, o.pacing());
        assertEquals(RunOptions.DEFAULT_DETECT_EVERY, o.tracking().detectEvery());
        assertEquals(TrackingConfig.DEFAULT_HOLD_FRAMES, o.tracking().holdFrames());
        assertEquals(RunOptions.DEFAULT_FULL_SEARCH_EVERY, o.tracking().fullSearchEvery());
    }

    @Test
    void everyFlag() throws Exception {
        Path video = Files.createFile(dir.resolve("in.mp4"));
        RunOptions o = RunOptions.parse("--input", video.toString(), "--output", "out.mp4", "--model", "haar",
                "--port", "0", "--mode", "pixelate", "--confidence", "0.3", "--size", "640x360",
                "--pacing", "as-fast-as-possible", "--loop", "--detect-every", "1", "--hold-frames", "0",
                "--full-search-every", "1");
        assertEquals(Optional.of(video.toString()), o.input());
        assertEquals(Optional.of(Path.of("out.mp4")), o.output());
        assertEquals(Optional.of("haar"), o.model());
        assertEquals(0, o.port());
        assertEquals(AnonymizeMode.PIXELATE, o.mode());
        assertEquals(0.3, o.confidence());
        assertEquals(640, o.width());
        assertEquals(360, o.height());
        assertEquals(SourceConfig.Pacing.AS_FAST_AS_POSSIBLE, o.pacing());
        assertTrue(o.loop());
        assertEquals(new TrackingConfig(1, 0), o.tracking());
    }

    @Test
    void mistakesAreExplained() {
        assertEquals("unknown option --colour", message("--colour", "red"));
        assertEquals("--input needs a value", message("--input"));
        assertEquals("--input /nope.mp4: no such file", message("--input", "/nope.mp4"));
        assertEquals("--output out.avi must name an .mp4 file", message("--output", "out.avi"));
        assertEquals("--port 70000 is out of range 0..65535", message("--port", "70000"));
        assertEquals("--confidence 1.5 is out of range 0..1", message("--confidence", "1.5"));
        assertEquals("--port eighty is not a whole number (0..65535)", message("--port", "eighty"));
        assertEquals("--hold-frames 61 is out of range 0..60", message("--hold-frames", "61"));
        assertEquals("--detect-every 0 is out of range 1..10", message("--detect-every", "0"));
        assertEquals("--mode smudge is not one of blur, pixelate, fill, boxes", message("--mode", "smudge"));
        assertTrue(message("--mode", "boxes").startsWith("--mode boxes draws boxes around faces and does NOT hide them"));
        assertEquals("--size big is not a size such as 1280x720", message("--size", "big"));
        assertEquals("--size 8x8 is out of range: each side 16..8192", message("--size", "8x8"));
        assertEquals("--pacing fast is not one of realtime, as-fast-as-possible", message("--pacing", "fast"));
        assertEquals("--detect-every 0 is out of range 1..10", message("--detect-every", "0"));
    }

    @Test
    void aFlagThatMeansASettingAcceptsWhatTheEnvironmentDoes() throws Exception {
        for (SettingFlag<?> flag : RunOptions.SETTING_FLAGS) {
            assertTrue(flag.flag().startsWith("--"), flag.flag());
        }
        assertEquals(0.0, RunOptions.parse("--confidence", "0").confidence(), "VEIL_CONFIDENCE takes 0 too");
        assertEquals("4", RunOptions.FULL_SEARCH_EVERY.defaultText(), "veil run's own default");
        assertEquals("1", RunOptions.HOLD_FRAMES.setting().write(1));
        assertEquals("the model's", RunOptions.CONFIDENCE.defaultText());
    }

    @Test
    void readmesTableSaysTheDeclaredDefaults() {
        List<List<String>> rows = ReadmeTables.under("### `veil run`");
        for (SettingFlag<?> flag : RunOptions.SETTING_FLAGS) {
            List<String> row = rows.stream()
                    .filter(r -> ReadmeTables.plain(r.get(0)).startsWith(flag.flag() + " ")).findFirst()
                    .orElseThrow(() -> new AssertionError("README's veil run table has no row for " + flag.flag()));
            assertTrue(ReadmeTables.saysDefault(row.get(1), flag.defaultText()),
                    flag.flag() + ": README says " + row.get(1) + ", the declaration " + flag.defaultText());
        }
    }

    @Test
    void theDetectorsScalesAreAFlagReadAsTheClustersSetting() throws Exception {
        assertEquals(InferenceConfig.DEFAULT_YUNET_SCALES, RunOptions.parse().yunetScales());
        assertEquals(List.of(0.8, 0.5, 0.35), RunOptions.parse("--yunet-scales", "0.8,0.5,0.35").yunetScales());
        assertEquals("--yunet-scales 0.05,0.5 has scale 0.05, out of range 0.1..2",
                message("--yunet-scales", "0.05,0.5"));
        assertEquals("--yunet-scales big is not a list of numbers such as 1,0.5", message("--yunet-scales", "big"));
    }

    @Test
    void theMp4EncoderIsAFlagReadAsTheClustersSetting() throws Exception {
        assertEquals(H264EncoderChoice.AUTO, RunOptions.parse().h264Encoder());
        assertEquals(H264EncoderChoice.FFMPEG, RunOptions.parse("--h264-encoder", "ffmpeg").h264Encoder());
        assertEquals(H264EncoderChoice.SYSTEM, RunOptions.parse("--h264-encoder", "system").h264Encoder());
        assertTrue(message("--h264-encoder", "x264").startsWith("--h264-encoder x264 is not one of auto, system,"
                + " ffmpeg"), message("--h264-encoder", "x264"));
    }

    @Test
    void theBoxesModeNeedsItsSecondFlag() throws Exception {
        RunOptions o = RunOptions.parse("--mode", "boxes", "--show-faces");
        assertEquals(AnonymizeMode.BOXES, o.mode());
        assertTrue(o.showFaces());
    }

    @Test
    void urlsAreTakenAsTheyAre() throws Exception {
        assertEquals(Optional.of("rtsp://cam.local:8554/live"), RunOptions.parse("--input", "rtsp://cam.local:8554/live").input());
    }

    private static String message(String... args) {
        return assertThrows(UsageException.class, () -> RunOptions.parse(args)).getMessage();
    }
}
