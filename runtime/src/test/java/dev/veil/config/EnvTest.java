package dev.veil.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EnvTest {

    enum Pacing { REALTIME, AS_FAST_AS_POSSIBLE }

    @Test
    void defaultsApplyWhenUnsetOrBlank() {
        Env env = Env.of(Map.of("BLANK", "  "));
        assertEquals(7, env.integer("BLANK", 7, 0, 10));
        assertEquals(Pacing.REALTIME, env.choice("UNSET", Pacing.class, Pacing.REALTIME));
        assertEquals(Duration.ofSeconds(3), env.duration("UNSET", Duration.ofSeconds(3)));
    }

    @Test
    void valuesAreParsed() {
        Env env = Env.of(Map.of("N", " 12 ", "X", "0.25", "P", "as-fast-as-possible", "D", "250ms", "F", "TRUE"));
        assertEquals(12, env.integer("N", 0, 0, 100));
        assertEquals(0.25, env.decimal("X", 0, 0, 1));
        assertEquals(Pacing.AS_FAST_AS_POSSIBLE, env.choice("P", Pacing.class, Pacing.REALTIME));
        assertEquals(Duration.ofMillis(250), env.duration("D", Duration.ZERO));
        assertEquals(true, env.flag("F", false));
    }

    @Test
    void errorsNameTheVariableAndWhatIsAccepted() {
        Env env = Env.of(Map.of("VEIL_PACING", "fast", "VEIL_Q", "101", "VEIL_N", "ten", "VEIL_URL", "ftp://x/"));
        assertEquals("VEIL_PACING=fast is not one of realtime, as-fast-as-possible",
                assertThrows(ConfigException.class, () -> env.choice("VEIL_PACING", Pacing.class, Pacing.REALTIME))
                        .getMessage());
        assertEquals("VEIL_Q=101 is out of range 1..100",
                assertThrows(ConfigException.class, () -> env.integer("VEIL_Q", 90, 1, 100)).getMessage());
        assertEquals("VEIL_N=ten is not a whole number (0..5)",
                assertThrows(ConfigException.class, () -> env.integer("VEIL_N", 1, 0, 5)).getMessage());
        assertEquals("VEIL_URL=ftp://x/ must be an http:// or https:// URL with a host",
                assertThrows(ConfigException.class, () -> env.httpUrl("VEIL_URL", "http://a")).getMessage());
        assertEquals("VEIL_MISSING is not set: it must give the input",
                assertThrows(ConfigException.class, () -> env.required("VEIL_MISSING", "the input")).getMessage());
    }
}
