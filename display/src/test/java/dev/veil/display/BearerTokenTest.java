package dev.veil.display;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class BearerTokenTest {

    @Test
    void withoutATokenEveryRequestIsAccepted() {
        BearerToken none = BearerToken.of(Optional.empty());
        assertFalse(none.required());
        assertTrue(none.accepts(null));
        assertTrue(none.accepts("Bearer anything"));
    }

    @Test
    void onlyTheExactTokenIsAccepted() {
        BearerToken token = BearerToken.of(Optional.of("abc123"));
        assertTrue(token.required());
        assertTrue(token.accepts("Bearer abc123"));
        assertTrue(token.accepts("bearer abc123"), "the scheme is case-insensitive (RFC 7235)");
        assertFalse(token.accepts(null));
        assertFalse(token.accepts(""));
        assertFalse(token.accepts("Bearer"));
        assertFalse(token.accepts("Bearer "));
        assertFalse(token.accepts("Bearer abc12"));
        assertFalse(token.accepts("Bearer abc1234"));
        assertFalse(token.accepts("Bearer ABC123"));
        assertFalse(token.accepts("abc123"));
        assertFalse(token.accepts("Basic abc123"));
    }
}
