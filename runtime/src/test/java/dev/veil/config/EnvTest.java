package dev.veil.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class EnvTest {

    enum Pacing { REALTIME, AS_FAST_AS_POSSIBLE }

    @Test
    void blankIsUnsetAndValuesAreTrimmed() {
        Env env = Env.of(Map.of("VEIL_BLANK", "  ", "VEIL_N", " 12 "));
        assertEquals(java.util.Optional.empty(), env.raw("VEIL_BLANK"));
        assertEquals(java.util.Optional.of("12"), env.raw("VEIL_N"));
    }

    @Test
    void aRetiredVariableIsRefusedNamingWhatToSetInstead() {
        assertEquals("VEIL_DISPLAY_WIDTH is no longer read: set VEIL_DISPLAY_SIZE=WxH instead (default 1280x720), the"
                        + " pipeline's one display box; remove VEIL_DISPLAY_WIDTH",
                assertThrows(ConfigException.class, () -> Env.of(Map.of("VEIL_DISPLAY_WIDTH", "1920",
                        "VEIL_DISPLAY_SIZE", "1920x1080"))).getMessage());
        assertEquals("VEIL_SOURCE_MAX_SIZE is no longer read: set VEIL_DISPLAY_SIZE=WxH instead (default 1280x720),"
                        + " the pipeline's one display box; remove VEIL_SOURCE_MAX_SIZE",
                assertThrows(ConfigException.class, () -> Env.of(Map.of("VEIL_SOURCE_MAX_SIZE", "1280x720")))
                        .getMessage());
        assertEquals(java.util.Optional.empty(), Env.of(Map.of("VEIL_DISPLAY_HEIGHT", " ")).raw("VEIL_DISPLAY_HEIGHT"),
                "blank is unset, retired or not");
    }

    @Test
    void itRemembersTheNamesAsked() {
        Env env = Env.of(Map.of("VEIL_N", "1"));
        Setting.integer("VEIL_N", 0, 5, "n").byDefault(0).read(env);
        Setting.text("VEIL_UNSET", "u").optional(env);
        assertEquals(Set.of("VEIL_N", "VEIL_UNSET"), env.namesAsked());
    }

    @Test
    void spellingsOfChoicesAndDurations() {
        assertEquals(Pacing.AS_FAST_AS_POSSIBLE, Env.parseChoice("--pacing", "As-Fast-As-Possible", Pacing.class));
        assertEquals("realtime, as-fast-as-possible", Env.choices(Pacing.class));
        assertEquals("as-fast-as-possible", Env.spelling(Pacing.AS_FAST_AS_POSSIBLE));
        assertEquals(Duration.ofMinutes(2), Env.parseDuration("--soak", "2m"));
        assertEquals("--soak=2 is not a duration such as 250ms, 5s, 2m or 1h",
                assertThrows(ConfigException.class, () -> Env.parseDuration("--soak", "2")).getMessage());
        assertEquals("VEIL_PACING=fast is not one of realtime, as-fast-as-possible",
                assertThrows(ConfigException.class, () -> Env.parseChoice("VEIL_PACING", "fast", Pacing.class))
                        .getMessage());
    }
}
