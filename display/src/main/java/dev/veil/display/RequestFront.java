package dev.veil.display;

import dev.veil.config.RefusalLog;
import dev.veil.display.protocol.IngestProtocol;
import java.time.Duration;
import java.util.Optional;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What every request goes through before Javalin's routes, in Jetty's own handler chain (no thread waits here on
 * the network):
 *
 * <ol>
 *   <li>the security headers on every answer (content security policy, no framing, no sniffing, no referrer);</li>
 *   <li>{@code Host} and {@code Origin} ({@link HostRule}): 421 for a name the display does not answer, 403 for a
 *       request another site's page made;</li>
 *   <li>for {@code POST /ingest}, {@link IngestGate} before a byte of the body is read; for {@code POST /login}, the
 *       lockout;</li>
 *   <li>any body read whole, bounded in size ({@code VEIL_MAX_FRAME_BYTES} for ingest, {@link #SMALL_BODY_BYTES}
 *       for anything else) and in time ({@link BodyLoader}), before the route runs.</li>
 * </ol>
 */
final class RequestFront extends Handler.Wrapper {

    /** A login form (a token and a path) and anything else that is not a frame: a few KiB at most. */
    static final int SMALL_BODY_BYTES = 4 * 1024;

    private static final Logger log = LoggerFactory.getLogger(RequestFront.class);

    enum Reason { FOREIGN_HOST, FOREIGN_ORIGIN, TOO_SLOW, TOO_LARGE }

    private final HostRule hosts;
    private final IngestGate ingest;
    private final ViewerGate viewers;
    private final int maxFrameBytes;
    private final RefusalCounts<IngestRefusal> ingestCounts;
    private final RefusalCounts<Reason> counts = new RefusalCounts<>(Reason.class);
    private final RefusalLog refusals;

    RequestFront(HostRule hosts, IngestGate ingest, ViewerGate viewers, int maxFrameBytes,
                 RefusalCounts<IngestRefusal> ingestCounts, RefusalLog refusals) {
        this.hosts = hosts;
        this.ingest = ingest;
        this.viewers = viewers;
        this.maxFrameBytes = maxFrameBytes;
        this.ingestCounts = ingestCounts;
        this.refusals = refusals;
    }

    RequestRefusals refused() {
        return new RequestRefusals(counts.get(Reason.FOREIGN_HOST), counts.get(Reason.FOREIGN_ORIGIN),
                counts.get(Reason.TOO_SLOW), counts.get(Reason.TOO_LARGE));
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        Pages.SECURITY_HEADERS.forEach((name, value) -> response.getHeaders().put(name, value));
        String remote = Request.getRemoteAddr(request);
        String host = request.getHeaders().get(HttpHeader.HOST);
        String path = request.getHttpURI().getCanonicalPath();
        if (!hosts.allowsHost(host)) {
            return refuse(Reason.FOREIGN_HOST, "request refused: host name not answered", remote, path,
                    new Refusal(421, "this display does not answer to the host name " + NetworkText.escape(host)
                            + " (add it to " + DisplayConfig.HOSTS + ")"), "host", host, request, response, callback);
        }
        String origin = request.getHeaders().get(HttpHeader.ORIGIN);
        if (!HostRule.allowsOrigin(origin, host)) {
            return refuse(Reason.FOREIGN_ORIGIN, "request refused: made by another site's page", remote, path,
                    new Refusal(403, "requests from other sites' pages are refused"), "origin", origin, request,
                    response, callback);
        }
        boolean post = "POST".equals(request.getMethod());
        boolean isIngest = post && IngestProtocol.PATH.equals(path);
        if (isIngest) {
            Optional<Refusal> refused = ingest.admit(request.getHeaders().get(HttpHeader.CONTENT_TYPE),
                    request.getHeaders().get(HttpHeader.AUTHORIZATION), remote);
            if (refused.isPresent()) {
                return answerBeforeBody(refused.get(), request, response, callback);
            }
            request.setAttribute(IngestRoute.ADMITTED, Boolean.TRUE);
        } else if (post && ViewerGate.LOGIN_PATH.equals(path)) {
            Optional<Refusal> locked = viewers.lockout(remote);
            if (locked.isPresent()) {
                return answerBeforeBody(locked.get(), request, response, callback);
            }
        }
        if (!hasBody(request)) {
            return super.handle(request, response, callback);
        }
        long declared = request.getLength();
        long limit = isIngest ? maxFrameBytes : SMALL_BODY_BYTES;
        BodyLoader.Outcome outcome = new Outcomes(isIngest, remote, path, limit);
        if (declared > limit) {
            outcome.tooLarge(request, response, callback);
            return true;
        }
        new BodyLoader(getHandler(), request, response, callback, limit, outcome).start();
        return true;
    }

    private boolean refuse(Reason reason, String message, String remote, String path, Refusal refusal, String key,
                           String value, Request request, Response response, Callback callback) {
        counts.add(reason);
        refusals.warn(log, message, e -> e.addKeyValue("remote", NetworkText.escape(remote))
                .addKeyValue("path", NetworkText.escape(path)).addKeyValue(key, NetworkText.escape(value)));
        return answerBeforeBody(refusal, request, response, callback);
    }

    private static boolean hasBody(Request request) {
        return request.getLength() > 0 || request.getHeaders().contains(HttpHeader.TRANSFER_ENCODING);
    }

    /**
     * Answers a request whose body is not read. Jetty then closes the connection, possibly after the client has
     * sent its next request into it (java.net.http does not resend a POST that meets a closed connection), so the
     * answer says so first.
     */
    private static boolean answerBeforeBody(Refusal refusal, Request request, Response response, Callback callback) {
        if (hasBody(request)) {
            response.getHeaders().put(HttpHeader.CONNECTION, "close");
        }
        return answer(refusal, request, response, callback);
    }

    static boolean answer(Refusal refusal, Request request, Response response, Callback callback) {
        response.setStatus(refusal.status());
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain; charset=utf-8");
        refusal.headers().forEach((name, value) -> response.getHeaders().put(name, value));
        Content.Sink.write(response, true, refusal.message(), callback);
        return true;
    }

    /** Counts, logs and answers a body that was not handed on. */
    private final class Outcomes implements BodyLoader.Outcome {
        private final boolean isIngest;
        private final String remote;
        private final String path;
        private final long limit;

        Outcomes(boolean isIngest, String remote, String path, long limit) {
            this.isIngest = isIngest;
            this.remote = remote;
            this.path = path;
            this.limit = limit;
        }

        @Override
        public void tooLarge(Request request, Response response, Callback callback) {
            if (isIngest) {
                ingestCounts.add(IngestRefusal.TOO_LARGE);
            } else {
                counts.add(Reason.TOO_LARGE);
            }
            refusals.warn(log, isIngest ? IngestRefusal.TOO_LARGE.logMessage : "request refused: body too large",
                    e -> e.addKeyValue("remote", NetworkText.escape(remote))
                            .addKeyValue("path", NetworkText.escape(path)).addKeyValue("limit", limit)
                            .addKeyValue("declared", request.getLength()));
            closing(response);
            answer(new Refusal(413, (isIngest ? "frame" : "request body") + " larger than " + limit + " bytes"),
                    request, response, callback);
        }

        @Override
        public void tooSlow(Request request, Response response, Callback callback, long received, Duration elapsed) {
            counts.add(Reason.TOO_SLOW);
            refusals.warn(log, "request refused: body too slow", e -> e
                    .addKeyValue("remote", NetworkText.escape(remote)).addKeyValue("path", NetworkText.escape(path))
                    .addKeyValue("receivedBytes", received).addKeyValue("elapsedMs", elapsed.toMillis()));
            closing(response);
            answer(new Refusal(408, "request body too slow: " + received + " bytes in " + elapsed.toMillis() + " ms"),
                    request, response, callback);
        }

        @Override
        public void failed(Request request, Response response, Callback callback, Throwable failure) {
            // Mostly a client that went away or an idle timeout: nothing to answer, the connection is gone.
            log.atDebug().addKeyValue("remote", NetworkText.escape(remote)).addKeyValue("path", NetworkText.escape(path))
                    .addKeyValue("reason", NetworkText.escape(String.valueOf(failure))).log("request body not read");
            Response.writeError(request, response, callback, failure);
        }

        /** The rest of the body is not read: the connection cannot carry another request after it. */
        private void closing(Response response) {
            response.getHeaders().put(HttpHeader.CONNECTION, "close");
        }
    }
}
