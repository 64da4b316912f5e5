package dev.veil.display;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.veil.config.ConfigException;
import dev.veil.config.Env;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ViewAccessTest {

    private static final String PW = "pass-word-0123456";

    private static ViewAccess parse(Map<String, String> env) {
        return ViewAccess.fromEnv(Env.of(env));
    }

    private static String refusal(Map<String, String> env) {
        return assertThrows(ConfigException.class, () -> parse(env)).getMessage();
    }

    @Test
    void openUnlessASecretIsGiven() {
        assertEquals(ViewAccess.open(), parse(Map.of()));
    }

    @Test
    void aSecretAloneChoosesItsMode() {
        assertEquals(ViewAccess.withToken("t0ken-t0ken-t0ken"), parse(Map.of("VEIL_VIEW_TOKEN", "t0ken-t0ken-t0ken")));
        assertEquals(ViewAccess.withPassword("veil", PW), parse(Map.of("VEIL_VIEW_PASSWORD", PW)));
        assertEquals(ViewAccess.withPassword("ops", PW), parse(Map.of("VEIL_VIEW_PASSWORD", PW, "VEIL_VIEW_USER", "ops")));
    }

    @Test
    void anExplicitModeMustHaveItsSecretAndNoOther() {
        assertEquals("VEIL_VIEW_AUTH=token needs VEIL_VIEW_TOKEN", refusal(Map.of("VEIL_VIEW_AUTH", "token")));
        assertEquals("VEIL_VIEW_AUTH=basic needs VEIL_VIEW_PASSWORD", refusal(Map.of("VEIL_VIEW_AUTH", "basic")));
        assertTrue(refusal(Map.of("VEIL_VIEW_AUTH", "none", "VEIL_VIEW_PASSWORD", "pw"))
                .startsWith("VEIL_VIEW_AUTH=none but VEIL_VIEW_PASSWORD is set"));
        assertTrue(refusal(Map.of("VEIL_VIEW_TOKEN", "a", "VEIL_VIEW_PASSWORD", "b"))
                .startsWith("VEIL_VIEW_TOKEN and VEIL_VIEW_PASSWORD are both set"));
        assertTrue(refusal(Map.of("VEIL_VIEW_AUTH", "basic", "VEIL_VIEW_TOKEN", "a", "VEIL_VIEW_PASSWORD", "b"))
                .contains("VEIL_VIEW_TOKEN is set: it would protect nothing"));
        assertTrue(refusal(Map.of("VEIL_VIEW_AUTH", "kerberos")).startsWith("VEIL_VIEW_AUTH=kerberos is not one of none, token, basic"));
        assertThrows(ConfigException.class, () -> ViewAccess.withPassword("a:b", "pw"), "':' ends a basic user name");
    }

    @Test
    void secretsNeverAppearInTheStringForm() {
        assertEquals("token", ViewAccess.withToken("very-secret-0123456").toString());
        String basic = new DisplayConfig("127.0.0.1", 0, Optional.empty(), 4096, 0, java.time.Duration.ZERO,
                ViewAccess.withPassword("ops", "very-secret-0123456")).toString();
        assertFalse(basic.contains("very-secret"), basic);
        assertTrue(basic.contains("viewAccess=basic(user=ops)"), basic);
    }
}
