package dev.veil.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SettingTest {

    enum Pacing { REALTIME, AS_FAST_AS_POSSIBLE }

    private static final Setting<Integer> QUALITY = Setting.integer("VEIL_Q", 1, 100, "quality").byDefault(90);
    private static final Setting<Pacing> PACING = Setting.choice("VEIL_PACING", Pacing.class, "pacing")
            .byDefault(Pacing.REALTIME);
    private static final Setting<Duration> WAIT = Setting.duration("VEIL_WAIT", Duration.ZERO, Duration.ofSeconds(2),
            "wait").byDefault(Duration.ofMillis(100));

    @Test
    void defaultsApplyWhenUnsetOrBlank() {
        Env env = Env.of(Map.of("VEIL_Q", "  "));
        assertEquals(90, QUALITY.read(env));
        assertEquals(Optional.empty(), QUALITY.optional(env));
        assertEquals(Pacing.REALTIME, PACING.read(env));
        assertEquals(Duration.ofMillis(100), WAIT.read(env));
    }

    @Test
    void valuesAreParsed() {
        Env env = Env.of(Map.of("VEIL_N", " 12 ", "VEIL_X", "0.25", "VEIL_PACING", "as-fast-as-possible",
                "VEIL_WAIT", "250ms", "VEIL_F", "TRUE", "VEIL_URL", "https://h:1/p"));
        assertEquals(12, Setting.integer("VEIL_N", 0, 100, "n").read(env));
        assertEquals(0.25, Setting.decimal("VEIL_X", 0, 1, "x").read(env));
        assertEquals(Pacing.AS_FAST_AS_POSSIBLE, PACING.read(env));
        assertEquals(Duration.ofMillis(250), WAIT.read(env));
        assertEquals(true, Setting.flag("VEIL_F", "f").byDefault(false).read(env));
        assertEquals(URI.create("https://h:1/p"), Setting.httpUrl("VEIL_URL", "url").read(env));
    }

    @Test
    void errorsNameTheVariableAndWhatIsAccepted() {
        Env env = Env.of(Map.of("VEIL_PACING", "fast", "VEIL_Q", "101", "VEIL_N", "ten", "VEIL_URL", "ftp://x/",
                "VEIL_X", "2", "VEIL_WAIT", "5000ms", "VEIL_T", "0s", "VEIL_D", "10"));
        assertEquals("VEIL_PACING=fast is not one of realtime, as-fast-as-possible", refusal(() -> PACING.read(env)));
        assertEquals("VEIL_Q=101 is out of range 1..100", refusal(() -> QUALITY.read(env)));
        assertEquals("VEIL_N=ten is not a whole number (0..5)",
                refusal(() -> Setting.integer("VEIL_N", 0, 5, "n").read(env)));
        assertEquals("VEIL_URL=ftp://x/ must be an http:// or https:// URL with a host",
                refusal(() -> Setting.httpUrl("VEIL_URL", "url").read(env)));
        assertEquals("VEIL_MISSING is not set: it must give the input",
                refusal(() -> Setting.text("VEIL_MISSING", "the input").required().readRequired(env)));
        assertEquals("VEIL_X=2 is out of range 0..0.5",
                refusal(() -> Setting.decimal("VEIL_X", 0, 0.5, "x").read(env)));
        assertEquals("VEIL_WAIT=5000ms is out of range 0ms..2s", refusal(() -> WAIT.read(env)));
        assertEquals("VEIL_T=0s must be a positive duration such as 500ms or 10s",
                refusal(() -> Setting.positiveDuration("VEIL_T", "t").read(env)));
        assertEquals("VEIL_D=10 is not a duration such as 250ms, 5s, 2m or 1h",
                refusal(() -> Setting.positiveDuration("VEIL_D", "d").read(env)));
    }

    @Test
    void aFlagThatMeansTheSameSettingIsRefusedUnderItsOwnName() {
        assertEquals(Pacing.AS_FAST_AS_POSSIBLE, PACING.parseFlag("--pacing", "as-fast-as-possible"));
        assertEquals("--pacing fast is not one of realtime, as-fast-as-possible",
                refusal(() -> PACING.parseFlag("--pacing", "fast")));
        assertEquals("--quality 0 is out of range 1..100", refusal(() -> QUALITY.parseFlag("--quality", "0")));
    }

    @Test
    void aValueMadeInCodeIsHeldToTheSameRange() {
        assertEquals(50, QUALITY.check(50));
        assertEquals("VEIL_Q=0 is out of range 1..100", refusal(() -> QUALITY.check(0)));
        assertEquals("VEIL_WAIT=3s is out of range 0ms..2s", refusal(() -> WAIT.check(Duration.ofSeconds(3))));
    }

    @Test
    void aSettingSaysItsDefaultAsAReaderSeesIt() {
        assertEquals("90", QUALITY.defaultText());
        assertEquals("realtime", PACING.defaultText());
        assertEquals("100ms", WAIT.defaultText());
        assertEquals("0.45", Setting.decimal("VEIL_IOU", 0, 1, "iou").byDefault(0.45).defaultText());
        assertEquals("30", Setting.decimal("VEIL_FPS", 1, 240, "fps").byDefault(30.0).defaultText());
        assertEquals("none", Setting.path("VEIL_FILE", "file").defaultText());
        Setting<Integer> worked = Setting.integer("VEIL_TILE", 32, 64, "tile").byDefaultDescribed("the input size");
        assertEquals("the input size", worked.defaultText());
        assertFalse(worked.hasDefault());
        assertThrows(IllegalStateException.class, worked::defaultValue);
        Setting<String> required = Setting.text("VEIL_IN", "the input").required();
        assertTrue(required.isRequired());
        assertEquals("required", required.defaultText());
        assertEquals("VEIL_Q", QUALITY.toString(), "messages say SETTING + \"=\" + value");
    }

    @Test
    void aDeclarationThatContradictsItselfIsAMistakeInTheCode() {
        assertThrows(IllegalArgumentException.class, () -> QUALITY.byDefault(0));
        assertThrows(IllegalArgumentException.class, () -> Setting.text("LOWER_case", "x"));
        assertThrows(IllegalArgumentException.class, () -> Setting.text("VEIL_X", "two\nlines"));
    }

    @Test
    void aRuleAddedIsCheckedBesidesTheRange() {
        Setting<Integer> even = QUALITY.checking(v -> v % 2 == 0 ? Optional.empty() : Optional.of("is odd"));
        assertEquals("VEIL_Q=7 is odd", refusal(() -> even.parse("7")));
        assertEquals("VEIL_Q=102 is out of range 1..100", refusal(() -> even.parse("102")));
    }

    private static String refusal(org.junit.jupiter.api.function.Executable read) {
        return assertThrows(ConfigException.class, read).getMessage();
    }
}
