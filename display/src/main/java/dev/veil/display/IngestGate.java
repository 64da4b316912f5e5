package dev.veil.display;

import dev.veil.config.RefusalLog;
import dev.veil.display.protocol.IngestProtocol;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What {@code POST /ingest} must show before its body is read: the protobuf content type (a browser cannot send
 * it across sites without asking first, so another site's page cannot post frames), a client that is not locked
 * out, and the bearer token. Nothing of the body is read for a request refused here.
 */
final class IngestGate {

    private static final Logger log = LoggerFactory.getLogger(IngestGate.class);

    private final BearerToken token;
    private final AuthThrottle throttle;
    private final RefusalCounts<IngestRefusal> counts;
    private final RefusalLog refusals;

    IngestGate(BearerToken token, AuthThrottle throttle, RefusalCounts<IngestRefusal> counts, RefusalLog refusals) {
        this.token = token;
        this.throttle = throttle;
        this.counts = counts;
        this.refusals = refusals;
    }

    /** Why the request may not send its body; empty when it may. */
    Optional<Refusal> admit(String contentType, String authorization, String remote) {
        if (!isProtobuf(contentType)) {
            return refuse(IngestRefusal.UNSUPPORTED_TYPE, remote, "content type " + NetworkText.escape(contentType)
                    + " is not " + IngestProtocol.CONTENT_TYPE, Map.of());
        }
        if (!token.required()) {
            return Optional.empty();
        }
        Duration wait = throttle.lockedFor(remote);
        if (!wait.isZero()) {
            return refuse(IngestRefusal.LOCKED_OUT, remote, "too many wrong tokens from this address: try again in "
                    + seconds(wait) + " s", Map.of("Retry-After", String.valueOf(seconds(wait))));
        }
        if (token.accepts(authorization)) {
            throttle.succeeded(remote);
            return Optional.empty();
        }
        if (authorization != null && throttle.failed(remote)) {
            refusals.warn(log, "ingest client locked out after wrong tokens", e -> e
                    .addKeyValue("remote", NetworkText.escape(remote))
                    .addKeyValue("failures", AuthThrottle.MAX_FAILURES)
                    .addKeyValue("lockoutSeconds", AuthThrottle.LOCKOUT.toSeconds()));
        }
        // The header is never logged: a wrong token is often a right token for something else.
        return refuse(IngestRefusal.UNAUTHORIZED, remote, "missing or wrong bearer token",
                Map.of("WWW-Authenticate", "Bearer"), authorization == null ? "missing" : "wrong");
    }

    private Optional<Refusal> refuse(IngestRefusal reason, String remote, String message, Map<String, String> headers) {
        return refuse(reason, remote, message, headers, null);
    }

    private Optional<Refusal> refuse(IngestRefusal reason, String remote, String message, Map<String, String> headers,
                                     String credentials) {
        counts.add(reason);
        refusals.warn(log, reason.logMessage, e -> {
            e.addKeyValue("remote", NetworkText.escape(remote));
            if (credentials != null) {
                e.addKeyValue("authorization", credentials);
            } else {
                e.addKeyValue("reason", message);
            }
        });
        return Optional.of(new Refusal(reason.status, message, headers));
    }

    static boolean isProtobuf(String contentType) {
        if (contentType == null) {
            return false;
        }
        int semicolon = contentType.indexOf(';');
        String mime = (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).trim();
        return mime.toLowerCase(Locale.ROOT).equals(IngestProtocol.CONTENT_TYPE);
    }

    private static long seconds(Duration wait) {
        return Math.max(1, (wait.toMillis() + 999) / 1000);
    }
}
