package dev.veil.sink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.veil.config.ConfigException;
import dev.veil.config.Env;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SinkConfigTest {

    private static SinkConfig parse(Map<String, String> env) {
        return SinkConfig.fromEnv(Env.of(env));
    }

    private static String refusal(Map<String, String> env) {
        return assertThrows(ConfigException.class, () -> parse(env)).getMessage();
    }

    @Test
    void defaults() {
        SinkConfig c = parse(Map.of());
        assertEquals(URI.create("http://veil-display:8080"), c.displayUrl());
        assertEquals(new AnonymizerConfig(AnonymizeMode.BLUR, false, 0.4, MaskShape.RECTANGLE, 8), c.anonymizer());
        assertEquals(FailurePolicy.BLUR_WHOLE_FRAME, c.onFailure());
        assertEquals(Duration.ofSeconds(5), c.postTimeout());
        assertEquals(Optional.empty(), c.outputDir());
        assertEquals(Duration.ofSeconds(60), c.segmentLength());
        assertEquals(H264EncoderChoice.AUTO, c.h264Encoder());
    }

    @Test
    void everyVariableIsRead() {
        SinkConfig c = parse(Map.ofEntries(Map.entry("VEIL_DISPLAY_URL", "http://display.local:9000"),
                Map.entry("VEIL_INGEST_TOKEN", "t0ken"), Map.entry("VEIL_ANONYMIZE_MODE", "pixelate"),
                Map.entry("VEIL_FACE_MARGIN", "0.5"), Map.entry("VEIL_MASK_SHAPE", "ellipse"),
                Map.entry("VEIL_PIXELATE_BLOCKS", "12"), Map.entry("VEIL_ON_DETECTION_FAILURE", "drop"),
                Map.entry("VEIL_JPEG_QUALITY", "70"), Map.entry("VEIL_POST_TIMEOUT", "750ms"),
                Map.entry("VEIL_OUTPUT_DIR", "/archive"), Map.entry("VEIL_SEGMENT_SECONDS", "10"),
                Map.entry("VEIL_OUTPUT_FPS", "25"), Map.entry("VEIL_H264_ENCODER", "ffmpeg")));
        assertEquals(new SinkConfig(URI.create("http://display.local:9000"), Optional.of("t0ken"),
                new AnonymizerConfig(AnonymizeMode.PIXELATE, false, 0.5, MaskShape.ELLIPSE, 12), FailurePolicy.DROP, 70,
                Duration.ofMillis(750), Optional.empty(), 25, Optional.of(Path.of("/archive")), Duration.ofSeconds(10),
                H264EncoderChoice.FFMPEG), c);
    }

    @Test
    void boxesNeedsTheSecondSetting() {
        String refused = refusal(Map.of("VEIL_ANONYMIZE_MODE", "boxes"));
        assertTrue(refused.startsWith("VEIL_ANONYMIZE_MODE=boxes draws boxes around faces and does NOT hide them"), refused);
        assertTrue(refused.contains("VEIL_DEBUG_SHOW_FACES=true"), refused);
        assertEquals(AnonymizeMode.BOXES,
                parse(Map.of("VEIL_ANONYMIZE_MODE", "boxes", "VEIL_DEBUG_SHOW_FACES", "true")).anonymizer().mode());
        assertTrue(refusal(Map.of("VEIL_ANONYMIZE_MODE", "boxes", "VEIL_DEBUG_SHOW_FACES", "yes"))
                .startsWith("VEIL_DEBUG_SHOW_FACES=yes must be true or false"));
        assertEquals(AnonymizeMode.BLUR, parse(Map.of("VEIL_DEBUG_SHOW_FACES", "true")).anonymizer().mode(),
                "the setting alone changes nothing");
    }

    @Test
    void badValuesNameTheirVariable() {
        assertTrue(refusal(Map.of("VEIL_ANONYMIZE_MODE", "smudge")).startsWith("VEIL_ANONYMIZE_MODE=smudge is not one of"));
        assertTrue(refusal(Map.of("VEIL_MASK_SHAPE", "circle")).startsWith("VEIL_MASK_SHAPE=circle is not one of rectangle, ellipse"));
        assertEquals("VEIL_PIXELATE_BLOCKS=40 is out of range 2..16", refusal(Map.of("VEIL_PIXELATE_BLOCKS", "40")));
        assertEquals("VEIL_SEGMENT_SECONDS=0 is out of range 1..3600", refusal(Map.of("VEIL_SEGMENT_SECONDS", "0")));
        assertTrue(refusal(Map.of("VEIL_H264_ENCODER", "x264")).startsWith("VEIL_H264_ENCODER=x264 is not one of auto,"
                + " system, ffmpeg"), refusal(Map.of("VEIL_H264_ENCODER", "x264")));
        assertTrue(refusal(Map.of("VEIL_OUTPUT_FILE", "a.avi")).contains("must name an .mp4 file"));
        assertTrue(refusal(Map.of("VEIL_OUTPUT_FILE", "a.mp4", "VEIL_OUTPUT_DIR", "/archive"))
                .startsWith("VEIL_OUTPUT_FILE and VEIL_OUTPUT_DIR are both set"));
    }

    @Test
    void theDeclaredSettingsAreWhatTheSinkReads() {
        assertEquals(Optional.empty(), SinkConfig.SETTINGS.refusal(Map.of("VEIL_OUTPUT_DIR", "/archive")));
        assertEquals(Optional.of("VEIL_OUTPUT_FPS=0 must be more than 0"),
                SinkConfig.SETTINGS.refusal(Map.of("VEIL_OUTPUT_FPS", "0")));
        assertTrue(SinkConfig.SETTINGS.names().containsAll(java.util.List.of("VEIL_ANONYMIZE_MODE",
                "VEIL_DEBUG_SHOW_FACES", "VEIL_JPEG_QUALITY", "VEIL_LOG_LEVEL")));
        assertEquals("VEIL_JPEG_QUALITY=0 is out of range 1..100", assertThrows(ConfigException.class,
                () -> new SinkConfig(URI.create("http://d:1"), Optional.empty(), AnonymizerConfig.of(AnonymizeMode.BLUR,
                        false), FailurePolicy.DROP, 0, Duration.ofSeconds(1), Optional.empty(), 30, Optional.empty(),
                        Duration.ofSeconds(60), H264EncoderChoice.AUTO)).getMessage(),
                "a config made in code is held to the same range");
    }

    @Test
    void theTokenNeverAppearsInTheStringForm() {
        String text = parse(Map.of("VEIL_INGEST_TOKEN", "very-secret")).toString();
        assertFalse(text.contains("very-secret"), text);
        assertTrue(text.contains("ingestToken=***"), text);
    }
}
