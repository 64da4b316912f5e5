package dev.veil.display;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.veil.display.protocol.IngestProtocol;
import dev.veil.frame.FrameCodec;
import dev.veil.frame.v1.Frame;
import java.io.InputStream;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Clients that are not a browser on this display's own pages, probing it: other sites' pages (DNS rebinding, a
 * cross-site POST), guessers, viewers of streams that do not exist, and senders whose bodies trickle in. Each test
 * reproduces the attack over real HTTP (raw sockets where java.net.http will not send it) and checks that it no
 * longer works.
 */
class UntrustedClientTest {

    private static final Duration LIVENESS = Duration.ofSeconds(30);
    /** What a sink waits for its POST by default (VEIL_POST_TIMEOUT). */
    private static final Duration SINK_TIMEOUT = Duration.ofSeconds(5);
    private static final String INGEST_TOKEN = "ingest-secret-0123456";
    private static final String VIEW_TOKEN = "view-secret-0123456789";
    private static final String PASSWORD = "pass-secret-0123456789";
    private static final ObjectMapper JSON = new ObjectMapper();

    private DisplayServer server;
    private LoopbackClient client;
    private final List<AutoCloseable> open = new ArrayList<>();

    @AfterEach
    void stop() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
        if (server != null) {
            server.close();
        }
    }

    private void start(Optional<String> ingestToken, ViewAccess access, List<String> hosts) {
        server = new DisplayServer(new DisplayConfig("127.0.0.1", 0, ingestToken, DisplayConfig.DEFAULT_MAX_FRAME_BYTES,
                0, Duration.ZERO, access, hosts, false)).start();
        client = new LoopbackClient(server.port());
    }

    private <T extends AutoCloseable> T closeLater(T closeable) {
        open.add(closeable);
        return closeable;
    }

    private RawHttp raw() throws Exception {
        return closeLater(new RawHttp(server.port()));
    }

    private static String get(String path, String host) {
        return "GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n";
    }

    private static byte[] ingestRequest(String host, String contentType, String authorization, byte[] body) {
        String head = "POST /ingest HTTP/1.1\r\nHost: " + host + "\r\nContent-Type: " + contentType + "\r\n"
                + (authorization == null ? "" : "Authorization: " + authorization + "\r\n")
                + "Content-Length: " + body.length + "\r\nConnection: close\r\n\r\n";
        byte[] headBytes = head.getBytes(StandardCharsets.ISO_8859_1);
        byte[] request = new byte[headBytes.length + body.length];
        System.arraycopy(headBytes, 0, request, 0, headBytes.length);
        System.arraycopy(body, 0, request, headBytes.length, body.length);
        return request;
    }

    private JsonNode snapshotJson() {
        return JSON.valueToTree(server.streamSnapshots());
    }

    // --- other sites' pages -----------------------------------------------------------------------------------

    @Test
    void aPageOfAnotherSiteCannotReachTheDisplayThroughDnsRebinding() throws Exception {
        start(Optional.empty(), ViewAccess.open(), List.of("veil-display"));
        int port = server.port();
        for (String foreign : List.of("evil.example:" + port, "evil.example", "127.0.0.1.nip.io:" + port)) {
            for (String path : List.of("/", "/api/streams", "/metrics", "/video/cam", "/healthz")) {
                assertEquals(421, raw().send(get(path, foreign)).status(LIVENESS), foreign + path);
            }
            assertEquals(421, raw().send(ingestRequest(foreign, IngestProtocol.CONTENT_TYPE, null,
                    FrameCodec.encode(SinkFrames.anonymized("cam", 0, 16, 16).build()))).status(LIVENESS));
        }
        for (String own : List.of("localhost:" + port, "127.0.0.1:" + port, "[::1]:" + port, "veil-display:" + port)) {
            assertEquals(200, raw().send(get("/api/streams", own)).status(LIVENESS), own);
        }
        assertEquals(0, server.streamSnapshots().streams().size(), "no foreign-host frame was taken");
        assertEquals(18, server.streamSnapshots().requestsRefused().foreignHost());
    }

    @Test
    void anotherSitesPageCannotPostFramesOrReadTheStats() throws Exception {
        start(Optional.empty(), ViewAccess.open(), List.of());
        byte[] frame = FrameCodec.encode(SinkFrames.anonymized("cam", 0, 16, 16).build());
        String host = "127.0.0.1:" + server.port();
        // A form or a no-cors fetch can send text/plain across sites without asking first.
        HttpResponse<String> plain = client.http.send(HttpRequest.newBuilder(client.uri(IngestProtocol.PATH))
                .header("Content-Type", "text/plain").POST(HttpRequest.BodyPublishers.ofByteArray(frame)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(415, plain.statusCode());
        assertEquals(415, raw().send(ingestRequest(host, "application/x-www-form-urlencoded", null, frame))
                .status(LIVENESS));
        // With the right type, the page's browser says where it comes from.
        String crossSite = "POST /ingest HTTP/1.1\r\nHost: " + host + "\r\nOrigin: http://evil.example\r\n"
                + "Content-Type: application/x-protobuf\r\nContent-Length: " + frame.length + "\r\nConnection: close\r\n\r\n";
        RawHttp post = raw().send(crossSite);
        post.send(frame);
        assertEquals(403, post.status(LIVENESS));
        assertEquals(403, raw().send("GET /api/streams HTTP/1.1\r\nHost: " + host
                + "\r\nOrigin: http://evil.example\r\nConnection: close\r\n\r\n").status(LIVENESS));
        assertEquals(0, server.streamSnapshots().streams().size(), "nothing was ingested");

        // The display's own pages: same origin.
        RawHttp own = raw().send("POST /ingest HTTP/1.1\r\nHost: " + host + "\r\nOrigin: http://" + host
                + "\r\nContent-Type: application/x-protobuf\r\nContent-Length: " + frame.length
                + "\r\nConnection: close\r\n\r\n");
        own.send(frame);
        assertEquals(204, own.status(LIVENESS));
        assertEquals(2, server.streamSnapshots().refused().unsupportedType());
        assertEquals(2, server.streamSnapshots().requestsRefused().foreignOrigin());
    }

    @Test
    void everyAnswerCarriesTheSecurityHeaders() throws Exception {
        start(Optional.empty(), ViewAccess.open(), List.of());
        assertEquals(204, client.ingest(SinkFrames.anonymized("cam", 0, 16, 16).build()).statusCode());
        List<String> heads = new ArrayList<>();
        int port = server.port();
        for (String path : List.of("/", "/view/cam", "/api/streams", "/api/streams/cam", "/metrics", "/healthz",
                "/no/such/page", "/api/streams/nobody")) {
            heads.add(raw().send(get(path, "127.0.0.1:" + port)).head(LIVENESS));
        }
        heads.add(raw().send(get("/", "evil.example")).head(LIVENESS));
        heads.add(raw().send("GET /video/cam HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n").head(LIVENESS));
        for (String head : heads) {
            assertTrue(head.contains("\r\nx-frame-options: deny\r\n"), head);
            assertTrue(head.contains("\r\nx-content-type-options: nosniff\r\n"), head);
            assertTrue(head.contains("\r\nreferrer-policy: no-referrer\r\n"), head);
            assertTrue(head.contains("\r\ncross-origin-resource-policy: same-origin\r\n"), head);
            assertTrue(head.contains("\r\ncontent-security-policy: default-src 'none'; script-src 'sha256-"), head);
            assertTrue(head.contains("frame-ancestors 'none'"), head);
        }
    }

    // --- viewers of streams that do not exist ----------------------------------------------------------------

    @Test
    void viewersOfStreamsThatDoNotExistTakeNoViewerSlot() throws Exception {
        start(Optional.empty(), ViewAccess.open(), List.of());
        Frame frame = SinkFrames.anonymized("cam", 0, 64, 48).build();
        assertEquals(204, client.ingest(frame).statusCode());
        int asked = DisplayServer.MAX_VIEWERS + 36;
        // Most are answered at once; a few wait (without a viewer slot) for a first frame that never comes.
        CountDownLatch answeredAtOnce = new CountDownLatch(asked - DisplayServer.MAX_WAITING_VIEWERS);
        List<CompletableFuture<HttpResponse<InputStream>>> missing = new ArrayList<>();
        for (int i = 0; i < asked; i++) {
            CompletableFuture<HttpResponse<InputStream>> answer = client.http.sendAsync(
                    HttpRequest.newBuilder(client.uri("/video/nobody-" + i)).build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            answer.whenComplete((response, failure) -> answeredAtOnce.countDown());
            missing.add(answer);
        }
        assertTrue(answeredAtOnce.await(LIVENESS.toSeconds(), TimeUnit.SECONDS),
                "requests for missing streams were not answered");
        for (CompletableFuture<HttpResponse<InputStream>> f : missing) {
            if (f.isDone()) {
                assertEquals(404, f.get().statusCode());
                f.get().body().close();
            }
        }
        // Every viewer slot is still free for real viewers.
        List<MjpegReader> viewers = new ArrayList<>();
        for (int i = 0; i < DisplayServer.MAX_VIEWERS; i++) {
            MjpegReader viewer = closeLater(client.video("cam"));
            assertEquals(200, viewer.status(), "viewer " + i);
            viewers.add(viewer);
        }
        assertArrayEquals(frame.getJpeg().toByteArray(), viewers.get(DisplayServer.MAX_VIEWERS - 1).nextPart(LIVENESS));
        assertEquals(503, client.get("/video/cam").statusCode(), "the bound on real viewers still holds");
        for (CompletableFuture<HttpResponse<InputStream>> f : missing) {
            f.cancel(true);
        }
    }

    // --- bodies that trickle in ------------------------------------------------------------------------------

    /** Opens {@code count} requests that send their headers and one byte of a body they say is longer, then stall. */
    private List<RawHttp> stalledBodies(int count, String head) throws Exception {
        List<RawHttp> stalled = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            stalled.add(raw().send(head).send(new byte[] {'x'}));
        }
        return stalled;
    }

    /** A real ingest, bounded as a sink bounds it; its time in milliseconds. */
    private long realIngest(Frame frame, String authorization) throws Exception {
        long started = System.nanoTime();
        HttpRequest.Builder request = HttpRequest.newBuilder(client.uri(IngestProtocol.PATH)).timeout(SINK_TIMEOUT)
                .header("Content-Type", IngestProtocol.CONTENT_TYPE)
                .POST(HttpRequest.BodyPublishers.ofByteArray(FrameCodec.encode(frame)));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        HttpResponse<String> answer = client.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(204, answer.statusCode(), answer.body());
        return (System.nanoTime() - started) / 1_000_000;
    }

    @Test
    void slowIngestBodiesHoldNoThreadAndAreCutOff() throws Exception {
        start(Optional.empty(), ViewAccess.open(), List.of());
        int slow = 128; // more than the server's threads (104)
        List<RawHttp> stalled = stalledBodies(slow, "POST /ingest HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                + "Content-Type: application/x-protobuf\r\nContent-Length: 100000\r\n\r\n");
        // While they all stall, real frames get through within a sink's timeout.
        long worst = 0;
        for (int seq = 0; seq < 10; seq++) {
            worst = Math.max(worst, realIngest(SinkFrames.anonymized("cam", seq, 64, 48).build(), null));
        }
        System.out.println("UntrustedClientTest: 10 real ingests beside " + slow + " stalled bodies, slowest " + worst
                + " ms");
        for (RawHttp request : stalled) {
            assertEquals(408, request.status(LIVENESS), "a body this slow is cut off");
        }
        assertEquals(slow, server.streamSnapshots().requestsRefused().tooSlow());
        assertEquals(9, server.streamSnapshots().streams().get(0).lastSequence());
    }

    @Test
    void slowLoginFormsDoNotStopIngestOrLogins() throws Exception {
        start(Optional.of(INGEST_TOKEN), ViewAccess.withToken(VIEW_TOKEN), List.of());
        int slow = 128;
        List<RawHttp> stalled = stalledBodies(slow, "POST /login HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                + "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 2000\r\n\r\n");
        long worst = realIngest(SinkFrames.anonymized("cam", 0, 64, 48).build(), "Bearer " + INGEST_TOKEN);
        assertEquals(303, login(VIEW_TOKEN).statusCode(), "a real login gets through too");
        System.out.println("UntrustedClientTest: a real ingest beside " + slow + " stalled login forms took " + worst
                + " ms");
        for (RawHttp request : stalled) {
            assertEquals(408, request.status(LIVENESS));
        }
        String big = "token=" + "x".repeat(RequestFront.SMALL_BODY_BYTES);
        assertEquals(413, client.http.send(HttpRequest.newBuilder(client.uri(ViewerGate.LOGIN_PATH))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(big)).build(), HttpResponse.BodyHandlers.ofString())
                .statusCode(), "a login form is small");
    }

    // --- guessing secrets -------------------------------------------------------------------------------------

    private HttpResponse<String> login(String token) throws Exception {
        String form = "token=" + URLEncoder.encode(token, StandardCharsets.UTF_8) + "&next=%2F";
        return client.http.send(HttpRequest.newBuilder(client.uri(ViewerGate.LOGIN_PATH))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void guessingTheViewingTokenLocksTheClientOutEvenForTheRightOne() throws Exception {
        start(Optional.of(INGEST_TOKEN), ViewAccess.withToken(VIEW_TOKEN), List.of());
        int wrong = 0;
        int locked = 0;
        for (int i = 0; i < 100; i++) {
            int status = login("guess-" + i).statusCode();
            if (status == 401) {
                wrong++;
            } else {
                assertEquals(429, status);
                locked++;
            }
        }
        assertEquals(AuthThrottle.MAX_FAILURES, wrong, "only the first guesses are even checked");
        assertEquals(100 - AuthThrottle.MAX_FAILURES, locked);
        HttpResponse<String> right = login(VIEW_TOKEN);
        assertEquals(429, right.statusCode(), "a locked-out client cannot confirm a guess");
        long retryAfter = Long.parseLong(right.headers().firstValue("Retry-After").orElse("0"));
        assertTrue(retryAfter > 0 && retryAfter <= AuthThrottle.LOCKOUT.toSeconds(), String.valueOf(retryAfter));
        assertEquals(429, client.get("/api/streams", "Authorization", "Bearer " + VIEW_TOKEN).statusCode());
        assertEquals(429, client.get("/view/cam?token=" + VIEW_TOKEN).statusCode());
        JsonNode refused = snapshotJson().get("viewersRefused");
        assertEquals(AuthThrottle.MAX_FAILURES, refused.get("unauthorized").asLong());
        assertEquals(100 - AuthThrottle.MAX_FAILURES + 3, refused.get("lockedOut").asLong());
        // Ingest has its own count: the viewer's guesses do not stop frames from the same address.
        assertEquals(204, client.ingest(FrameCodec.encode(SinkFrames.anonymized("cam", 0, 16, 16).build()),
                "Bearer " + INGEST_TOKEN).statusCode());
    }

    @Test
    void anAnswerGivenBeforeTheBodyIsReadClosesTheConnectionSoNoNextRequestIsSentIntoIt() throws Exception {
        // The server answers these from the head alone and drops the connection with the unread body; said in the
        // answer, a client does not send its next request into a connection about to close (java.net.http does
        // not retry a POST that meets a closed connection: "header parser received no bytes").
        start(Optional.of(INGEST_TOKEN), ViewAccess.withToken(VIEW_TOKEN), List.of());
        String host = "127.0.0.1:" + server.port();
        for (int i = 0; i < AuthThrottle.MAX_FAILURES; i++) {
            assertEquals(401, login("guess-" + i).statusCode());
        }
        String form = "token=" + VIEW_TOKEN + "&next=%2F";
        RawHttp locked = raw().send("POST /login HTTP/1.1\r\nHost: " + host
                + "\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: " + form.length() + "\r\n\r\n");
        String lockedHead = locked.head(LIVENESS);
        assertTrue(lockedHead.startsWith("http/1.1 429") && lockedHead.contains("\r\nconnection: close\r\n"),
                lockedHead);
        byte[] frame = FrameCodec.encode(SinkFrames.anonymized("cam", 0, 16, 16).build());
        for (String head : List.of(
                "POST /ingest HTTP/1.1\r\nHost: " + host + "\r\nContent-Type: text/plain\r\n",
                "POST /ingest HTTP/1.1\r\nHost: " + host + "\r\nContent-Type: " + IngestProtocol.CONTENT_TYPE
                        + "\r\nAuthorization: Bearer wrong-token-0123456\r\n",
                "POST /ingest HTTP/1.1\r\nHost: evil.example\r\nContent-Type: " + IngestProtocol.CONTENT_TYPE + "\r\n")) {
            String answer = raw().send(head + "Content-Length: " + frame.length + "\r\n\r\n").head(LIVENESS);
            assertTrue(answer.matches("(?s)http/1.1 4\\d\\d .*") && answer.contains("\r\nconnection: close\r\n"),
                    answer);
        }
        // A refused request without a body leaves the connection open for the next one.
        RawHttp bodiless = raw().send("GET /api/streams HTTP/1.1\r\nHost: evil.example\r\n\r\n");
        String bodilessHead = bodiless.head(LIVENESS);
        assertTrue(bodilessHead.startsWith("http/1.1 421") && !bodilessHead.contains("connection: close"),
                bodilessHead);
    }

    @Test
    void guessingTheViewingPasswordLocksTheClientOut() throws Exception {
        start(Optional.of(INGEST_TOKEN), ViewAccess.withPassword("veil", PASSWORD), List.of());
        for (int i = 0; i < AuthThrottle.MAX_FAILURES; i++) {
            assertEquals(401, client.get("/metrics", "Authorization", basic("veil", "guess-" + i)).statusCode());
        }
        HttpResponse<String> right = client.get("/metrics", "Authorization", basic("veil", PASSWORD));
        assertEquals(429, right.statusCode());
        assertTrue(right.headers().firstValue("Retry-After").isPresent());
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void guessingTheIngestTokenLocksThatClientOutButNotTheSink() throws Exception {
        start(Optional.of(INGEST_TOKEN), ViewAccess.withToken(VIEW_TOKEN), List.of());
        byte[] frame = FrameCodec.encode(SinkFrames.anonymized("cam", 0, 16, 16).build());
        String host = "127.0.0.1:" + server.port();
        int[] statuses = new int[3 * AuthThrottle.MAX_FAILURES];
        for (int i = 0; i < statuses.length; i++) {
            statuses[i] = closeLater(new RawHttp("127.0.0.2", server.port()))
                    .send(ingestRequest(host, IngestProtocol.CONTENT_TYPE, "Bearer guess-" + i, frame)).status(LIVENESS);
        }
        for (int i = 0; i < statuses.length; i++) {
            assertEquals(i < AuthThrottle.MAX_FAILURES ? 401 : 429, statuses[i], "guess " + i);
        }
        assertEquals(429, closeLater(new RawHttp("127.0.0.2", server.port()))
                .send(ingestRequest(host, IngestProtocol.CONTENT_TYPE, "Bearer " + INGEST_TOKEN, frame)).status(LIVENESS),
                "the guesser cannot confirm the right token");
        // The sink, from its own address, carries on.
        assertEquals(204, closeLater(new RawHttp("127.0.0.1", server.port()))
                .send(ingestRequest(host, IngestProtocol.CONTENT_TYPE, "Bearer " + INGEST_TOKEN, frame)).status(LIVENESS));
        assertEquals(AuthThrottle.MAX_FAILURES, server.streamSnapshots().refused().unauthorized());
        assertEquals(2 * AuthThrottle.MAX_FAILURES + 1, server.streamSnapshots().refused().lockedOut());
    }
}
