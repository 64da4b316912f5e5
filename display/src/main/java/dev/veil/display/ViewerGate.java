package dev.veil.display;

import dev.veil.config.RefusalLog;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lets in only the viewers {@link ViewAccess} allows, on every page, picture stream, stats and metrics request
 * ({@code /ingest} has its own token, {@code /healthz} is for probes).
 *
 * <p>Basic: the browser asks once and sends the credentials with every request of the origin, the MJPEG
 * {@code <img>} included. Token: a browser cannot add a header to an {@code <img>}, so the token is shown once,
 * on the login page or as {@code ?token=} in a link, and exchanged for an HttpOnly cookie; the link is then
 * redirected to itself without the token, so it does not stay in the address bar or the history. Scripts and
 * Prometheus may send {@code Authorization: Bearer <token>} instead. The cookie holds an HMAC of the token, not the
 * token; changing the token logs everyone out. Secrets are compared in constant time and never logged.
 *
 * <p>Guessing is throttled per client ({@link AuthThrottle}): a secret presented and wrong (basic credentials, a
 * bearer token, a token in a link or the login form) counts; after {@link AuthThrottle#MAX_FAILURES} the client
 * is answered 429 for a while, even with the right secret. A stale cookie does not count (it is sent with every
 * request of a page after the token changed).
 */
final class ViewerGate {

    static final String COOKIE = "veil_view";
    static final String LOGIN_PATH = "/login";
    private static final String TOKEN_PARAM = "token";
    private static final String REALM = "Basic realm=\"Veil display\", charset=\"UTF-8\"";
    /** A token longer than this is not one: it is not even hashed. */
    static final int MAX_PRESENTED_CHARS = 1024;

    private static final Logger log = LoggerFactory.getLogger(ViewerGate.class);

    private final ViewAccess access;
    private final byte[] secretDigest;
    private final byte[] cookieValue;
    private final AuthThrottle throttle;
    private final RefusalLog refusals;
    private final AtomicLong refused = new AtomicLong();
    private final AtomicLong lockedOut = new AtomicLong();

    ViewerGate(ViewAccess access, AuthThrottle throttle, RefusalLog refusals) {
        this.access = access;
        this.throttle = throttle;
        this.refusals = refusals;
        this.secretDigest = switch (access.mode()) {
            case NONE -> null;
            case TOKEN -> sha256(access.token().orElseThrow());
            case BASIC -> sha256(access.user() + ":" + access.password().orElseThrow());
        };
        this.cookieValue = access.mode() == ViewAuth.TOKEN
                ? HexFormat.of().formatHex(hmac(access.token().orElseThrow(), "veil-view-cookie-v1"))
                        .getBytes(StandardCharsets.US_ASCII)
                : null;
    }

    ViewAuth mode() {
        return access.mode();
    }

    /** Requests refused since start for missing or wrong credentials. */
    long refused() {
        return refused.get();
    }

    /** Requests refused since start because their client was locked out. */
    long lockedOut() {
        return lockedOut.get();
    }

    /**
     * The answer to a client locked out after wrong secrets (counted and logged), or empty when it may try. What
     * {@link RequestFront} asks before it reads a login form.
     */
    Optional<Refusal> lockout(String remote) {
        if (access.mode() == ViewAuth.NONE) {
            return Optional.empty();
        }
        Duration wait = throttle.lockedFor(remote);
        if (wait.isZero()) {
            return Optional.empty();
        }
        lockedOut.incrementAndGet();
        long seconds = Math.max(1, (wait.toMillis() + 999) / 1000);
        refusals.warn(log, "viewer refused: client locked out after wrong secrets", e -> e
                .addKeyValue("remote", NetworkText.escape(remote)).addKeyValue("retryAfterSeconds", seconds));
        return Optional.of(new Refusal(429, "too many wrong secrets from this address: try again in " + seconds + " s",
                Map.of("Retry-After", String.valueOf(seconds))));
    }

    /** The handler, behind this gate. */
    Handler protect(Handler handler) {
        return ctx -> {
            if (admit(ctx)) {
                handler.handle(ctx);
            }
        };
    }

    /** True when the request may go on; otherwise the answer (401, 429, or a redirect) has been set. */
    boolean admit(Context ctx) {
        if (access.mode() == ViewAuth.NONE) {
            return true;
        }
        Optional<Refusal> locked = lockout(ctx.req().getRemoteAddr());
        if (locked.isPresent()) {
            answer(ctx, locked.get());
            return false;
        }
        return switch (access.mode()) {
            case NONE -> true;
            case BASIC -> admitBasic(ctx);
            case TOKEN -> admitToken(ctx);
        };
    }

    /** {@code GET /login}: the form that asks for the token (token mode only). */
    void loginForm(Context ctx) {
        if (access.mode() != ViewAuth.TOKEN) {
            ctx.status(404).result("no login: viewing needs " + (access.mode() == ViewAuth.BASIC ? "basic authentication" : "nothing"));
            return;
        }
        ctx.html(Pages.login(localPath(ctx.queryParam("next")), false));
    }

    /**
     * {@code POST /login}: a right token sets the cookie and goes on to the page asked for. {@link RequestFront}
     * has read the (small) form and refused a locked-out client before this runs.
     */
    void login(Context ctx) {
        if (access.mode() != ViewAuth.TOKEN) {
            ctx.status(404).result("no login");
            return;
        }
        String remote = ctx.req().getRemoteAddr();
        Optional<Refusal> locked = lockout(remote);
        if (locked.isPresent()) {
            answer(ctx, locked.get());
            return;
        }
        String next = localPath(ctx.formParam("next"));
        String presented = ctx.formParam(TOKEN_PARAM);
        if (presented != null && matches(presented.trim())) {
            throttle.succeeded(remote);
            setCookie(ctx);
            ctx.redirect(next, io.javalin.http.HttpStatus.SEE_OTHER);
            return;
        }
        refused.incrementAndGet();
        failed(remote);
        refusals.warn(log, "viewer login refused: wrong token", e -> e.addKeyValue("remote", NetworkText.escape(remote)));
        ctx.status(401);
        ctx.html(Pages.login(next, true));
    }

    private boolean admitBasic(Context ctx) {
        String header = ctx.header("Authorization");
        if (header != null && header.regionMatches(true, 0, "Basic ", 0, 6)) {
            try {
                String pair = new String(Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
                if (pair.length() <= MAX_PRESENTED_CHARS && MessageDigest.isEqual(secretDigest, sha256(pair))) {
                    throttle.succeeded(ctx.req().getRemoteAddr());
                    return true;
                }
            } catch (IllegalArgumentException notBase64) {
                // refused below
            }
        }
        if (header != null) {
            failed(ctx.req().getRemoteAddr());
        }
        refuse(ctx, header == null ? "missing" : "wrong");
        ctx.header("WWW-Authenticate", REALM);
        ctx.status(401).result("this display needs a user name and password");
        return false;
    }

    private boolean admitToken(Context ctx) {
        String cookie = ctx.cookie(COOKIE);
        if (cookie != null && MessageDigest.isEqual(cookieValue, cookie.getBytes(StandardCharsets.US_ASCII))) {
            return true;
        }
        String remote = ctx.req().getRemoteAddr();
        String header = ctx.header("Authorization");
        if (header != null && header.regionMatches(true, 0, "Bearer ", 0, 7) && matches(header.substring(7).trim())) {
            throttle.succeeded(remote);
            return true;
        }
        String fromLink = ctx.queryParam(TOKEN_PARAM);
        if (fromLink != null && matches(fromLink.trim())) {
            // Swap the token in the link for the cookie, and drop it from the address.
            throttle.succeeded(remote);
            setCookie(ctx);
            ctx.redirect(withoutToken(ctx), io.javalin.http.HttpStatus.SEE_OTHER);
            return false;
        }
        if (header != null || fromLink != null) {
            failed(remote); // a stale cookie alone does not count
        }
        refuse(ctx, fromLink != null || header != null || cookie != null ? "wrong" : "missing");
        String accept = ctx.header("Accept");
        if ("GET".equals(ctx.req().getMethod()) && accept != null && accept.contains("text/html")) {
            ctx.redirect(LOGIN_PATH + "?next=" + java.net.URLEncoder.encode(ctx.path(), StandardCharsets.UTF_8),
                    io.javalin.http.HttpStatus.SEE_OTHER);
        } else {
            ctx.header("WWW-Authenticate", "Bearer");
            ctx.status(401).result("this display needs the viewing token: open " + LOGIN_PATH);
        }
        return false;
    }

    private void refuse(Context ctx, String credentials) {
        refused.incrementAndGet();
        // The path only: a query string may hold a (wrong) token.
        log.atDebug().addKeyValue("remote", NetworkText.escape(ctx.req().getRemoteAddr()))
                .addKeyValue("path", NetworkText.escape(ctx.path())).addKeyValue("credentials", credentials)
                .log("viewer refused");
    }

    private void failed(String remote) {
        if (throttle.failed(remote)) {
            refusals.warn(log, "viewer client locked out after wrong secrets", e -> e
                    .addKeyValue("remote", NetworkText.escape(remote))
                    .addKeyValue("failures", AuthThrottle.MAX_FAILURES)
                    .addKeyValue("lockoutSeconds", AuthThrottle.LOCKOUT.toSeconds()));
        }
    }

    private static void answer(Context ctx, Refusal refusal) {
        refusal.headers().forEach(ctx::header);
        ctx.status(refusal.status()).result(refusal.message());
    }

    private boolean matches(String token) {
        return token.length() <= MAX_PRESENTED_CHARS && MessageDigest.isEqual(secretDigest, sha256(token));
    }

    private void setCookie(Context ctx) {
        boolean https = "https".equalsIgnoreCase(ctx.scheme())
                || "https".equalsIgnoreCase(ctx.header("X-Forwarded-Proto"));
        ctx.header("Set-Cookie", COOKIE + "=" + new String(cookieValue, StandardCharsets.US_ASCII)
                + "; Path=/; HttpOnly; SameSite=Lax" + (https ? "; Secure" : ""));
    }

    /** The request's path and query, less the token. */
    private static String withoutToken(Context ctx) {
        String query = ctx.queryString();
        List<String> kept = new ArrayList<>();
        if (query != null) {
            for (String part : query.split("&")) {
                if (!part.isEmpty() && !part.equals(TOKEN_PARAM) && !part.startsWith(TOKEN_PARAM + "=")) {
                    kept.add(part);
                }
            }
        }
        return ctx.path() + (kept.isEmpty() ? "" : "?" + String.join("&", kept));
    }

    /** A path on this server to go on to after the login: never another site (no open redirect). */
    static String localPath(String next) {
        if (next == null || !next.startsWith("/") || next.startsWith("//") || next.contains("\\")
                || next.chars().anyMatch(c -> c < 0x20)) {
            return "/";
        }
        return next;
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    private static byte[] hmac(String key, String message) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return mac.doFinal(message.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("every Java runtime has HmacSHA256", e);
        }
    }
}
