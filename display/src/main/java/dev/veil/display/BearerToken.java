package dev.veil.display;

import dev.veil.display.protocol.IngestProtocol;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Optional;

/**
 * Checks an {@code Authorization: Bearer <token>} header against the configured ingest token. Both sides are
 * hashed before the constant-time comparison, so neither the token's bytes nor its length leak through timing.
 */
final class BearerToken {

    private final byte[] expectedDigest;

    private BearerToken(byte[] expectedDigest) {
        this.expectedDigest = expectedDigest;
    }

    /** A check that accepts every request when no token is configured. */
    static BearerToken of(Optional<String> token) {
        return new BearerToken(token.map(BearerToken::digest).orElse(null));
    }

    boolean required() {
        return expectedDigest != null;
    }

    boolean accepts(String authorizationHeader) {
        if (expectedDigest == null) {
            return true;
        }
        if (authorizationHeader == null || !authorizationHeader.regionMatches(true, 0, IngestProtocol.BEARER, 0,
                IngestProtocol.BEARER.length())) {
            return false;
        }
        String presented = authorizationHeader.substring(IngestProtocol.BEARER.length()).trim();
        return MessageDigest.isEqual(expectedDigest, digest(presented));
    }

    private static byte[] digest(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
