package dev.veil.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ProgramSettingsTest {

    private static final Setting<String> INPUT = Setting.text("VEIL_INPUT", "the input").required();
    private static final Setting<Integer> QUALITY = SharedSettings.JPEG_QUALITY;
    private static final Setting<Integer> HIDDEN = Setting.integer("VEIL_HIDDEN", 0, 9, "read, not declared")
            .byDefault(0);

    record Config(String input, int quality) {
    }

    private static final ProgramSettings PROGRAM = new ProgramSettings("test", List.of(INPUT, QUALITY),
            env -> new Config(INPUT.readRequired(env), QUALITY.read(env)));

    @Test
    void everyProgramReadsTheLogLevel() {
        assertEquals(Set.of("VEIL_INPUT", "VEIL_JPEG_QUALITY", "VEIL_LOG_LEVEL"), PROGRAM.names());
        assertEquals(Set.of("VEIL_INPUT"), PROGRAM.requiredNames());
        assertEquals(Optional.of(QUALITY), PROGRAM.setting("VEIL_JPEG_QUALITY"));
    }

    @Test
    void theRefusalIsTheLineTheProgramWouldStopWith() {
        assertEquals(Optional.empty(), PROGRAM.refusal(Map.of("VEIL_INPUT", "a.mp4")));
        assertEquals(Optional.of("VEIL_JPEG_QUALITY=0 is out of range 1..100"),
                PROGRAM.refusal(Map.of("VEIL_INPUT", "a.mp4", "VEIL_JPEG_QUALITY", "0")));
        assertTrue(PROGRAM.refusal(Map.of()).orElseThrow().startsWith("VEIL_INPUT is not set"));
        assertTrue(PROGRAM.refusal(Map.of("VEIL_INPUT", "a.mp4", "VEIL_DISPLAY_WIDTH", "640")).orElseThrow()
                .startsWith("VEIL_DISPLAY_WIDTH is no longer read: set VEIL_DISPLAY_SIZE=WxH instead"));
    }

    @Test
    void aProgramThatReadsWhatItDoesNotDeclareIsCaught() {
        ProgramSettings sloppy = new ProgramSettings("sloppy", List.of(INPUT), env -> HIDDEN.read(env));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> sloppy.refusal(Map.of()));
        assertEquals("sloppy reads [VEIL_HIDDEN], which it does not declare", e.getMessage());
    }

    @Test
    void aNameIsDeclaredOnce() {
        assertThrows(IllegalArgumentException.class,
                () -> new ProgramSettings("twice", List.of(INPUT, Setting.text("VEIL_INPUT", "again")), env -> null));
    }
}
