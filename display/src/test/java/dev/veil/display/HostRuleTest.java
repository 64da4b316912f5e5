package dev.veil.display;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class HostRuleTest {

    private final HostRule defaults = HostRule.of(List.of());

    @Test
    void localhostAndAddressesAreAnsweredOtherNamesAreNot() {
        for (String host : List.of("localhost", "localhost:8080", "LOCALHOST.", "127.0.0.1", "127.0.0.1:41234",
                "10.1.2.3:8080", "[::1]", "[::1]:8080", "[2001:db8::5]:80")) {
            assertTrue(defaults.allowsHost(host), host);
        }
        for (String host : List.of("evil.example", "evil.example:8080", "127.0.0.1.evil.example", "1.2.3.4.nip.io",
                "localhost.evil.example", "veil-display:8080", "[::1", "127.0.0.1:port")) {
            assertFalse(defaults.allowsHost(host), host);
        }
        assertTrue(defaults.allowsHost(null), "HTTP/1.0 without Host is not a browser");
    }

    @Test
    void configuredNamesAndAny() {
        HostRule named = HostRule.of(List.of("veil-display", "Display.Example.com"));
        assertTrue(named.allowsHost("veil-display:8080"));
        assertTrue(named.allowsHost("display.example.com"));
        assertFalse(named.allowsHost("evil.example"));
        assertTrue(HostRule.of(List.of("*")).allowsHost("anything.example"));
    }

    @Test
    void anOriginMustBeTheHostTheRequestWentTo() {
        assertTrue(HostRule.allowsOrigin(null, "127.0.0.1:8080"), "no Origin: not a cross-site browser request");
        assertTrue(HostRule.allowsOrigin("http://127.0.0.1:8080", "127.0.0.1:8080"));
        assertTrue(HostRule.allowsOrigin("http://localhost:8080", "LOCALHOST:8080"));
        assertTrue(HostRule.allowsOrigin("https://display.example.com", "display.example.com"));
        assertTrue(HostRule.allowsOrigin("http://[::1]:8080", "[::1]:8080"));
        assertFalse(HostRule.allowsOrigin("http://evil.example", "127.0.0.1:8080"));
        assertFalse(HostRule.allowsOrigin("http://127.0.0.1:9999", "127.0.0.1:8080"), "another port, another origin");
        assertFalse(HostRule.allowsOrigin("https://display.example.com", "display.example.com:80"));
        assertFalse(HostRule.allowsOrigin("null", "127.0.0.1:8080"), "a sandboxed page or a file");
        assertFalse(HostRule.allowsOrigin("file://", "127.0.0.1:8080"));
        assertFalse(HostRule.allowsOrigin("http://127.0.0.1:8080", null));
    }
}
