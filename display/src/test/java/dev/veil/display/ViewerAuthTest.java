package dev.veil.display;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.veil.frame.FrameCodec;
import dev.veil.frame.v1.Frame;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Viewing behind basic authentication or a token, as a browser and a scraper meet it. */
class ViewerAuthTest {

    private static final Duration LIVENESS = Duration.ofSeconds(30);
    private static final String INGEST_TOKEN = "ingest-secret-0123";
    private static final String VIEW_TOKEN = "view-secret-4567";
    private static final String PASSWORD = "pass-secret-89ab";
    private static final ObjectMapper JSON = new ObjectMapper();

    private DisplayServer server;
    private LoopbackClient client;
    private Frame frame;
    private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
    private ch.qos.logback.classic.Logger gateLog;
    private Level gateLevel;

    @BeforeEach
    void captureLogs() {
        logs.start();
        ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME)).addAppender(logs);
        gateLog = (ch.qos.logback.classic.Logger) LoggerFactory.getLogger(ViewerGate.class);
        gateLevel = gateLog.getLevel();
        gateLog.setLevel(Level.DEBUG); // the refusals too, to show that not even they carry a secret
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
        ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME)).detachAppender(logs);
        gateLog.setLevel(gateLevel);
        String logged = logs.list.stream().map(e -> e.getFormattedMessage() + " " + e.getKeyValuePairs())
                .collect(Collectors.joining("\n"));
        for (String secret : List.of(INGEST_TOKEN, VIEW_TOKEN, PASSWORD, "wrong-guess")) {
            assertFalse(logged.contains(secret), "a secret was logged:\n" + logged);
        }
    }

    private void start(ViewAccess access) throws Exception {
        server = new DisplayServer(new DisplayConfig("127.0.0.1", 0, Optional.of(INGEST_TOKEN),
                DisplayConfig.DEFAULT_MAX_FRAME_BYTES, 0, Duration.ZERO, access)).start();
        client = new LoopbackClient(server.port());
        frame = SinkFrames.anonymized("cam", 0, 64, 48).build();
        // Ingest has its own token, whatever the viewing rules are.
        assertEquals(204, client.ingest(FrameCodec.encode(frame), "Bearer " + INGEST_TOKEN).statusCode());
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void basicAuthenticationGuardsPagesPicturesStatsAndMetrics() throws Exception {
        start(ViewAccess.withPassword("ops", PASSWORD));
        for (String path : List.of("/", "/view/cam", "/video/cam", "/api/streams", "/api/streams/cam", "/metrics")) {
            HttpResponse<String> refused = client.get(path);
            assertEquals(401, refused.statusCode(), path);
            assertEquals("Basic realm=\"Veil display\", charset=\"UTF-8\"",
                    refused.headers().firstValue("WWW-Authenticate").orElse(""), "the browser asks for the password");
        }
        // Fewer wrong guesses than lock a client out (AuthThrottle.MAX_FAILURES).
        for (String path : List.of("/video/cam", "/metrics")) {
            assertEquals(401, client.get(path, "Authorization", basic("ops", "wrong-guess")).statusCode(), path);
            assertEquals(401, client.get(path, "Authorization", basic("root", PASSWORD)).statusCode(), path);
        }
        String credentials = basic("ops", PASSWORD);
        assertEquals(200, client.get("/view/cam", "Authorization", credentials).statusCode());
        assertEquals(200, client.get("/metrics", "Authorization", credentials).statusCode());
        try (MjpegReader viewer = client.video("cam", "Authorization", credentials)) {
            assertEquals(200, viewer.status());
            assertArrayEquals(frame.getJpeg().toByteArray(), viewer.nextPart(LIVENESS));
        }
        assertEquals("ok", client.get("/healthz").body(), "probes need no password");
        assertEquals(404, client.get("/login").statusCode(), "no login page in basic mode");
        long refusals = JSON.readTree(client.get("/api/streams", "Authorization", credentials).body())
                .get("viewersRefused").get("unauthorized").asLong();
        assertEquals(10, refusals);
    }

    @Test
    void aTokenInALinkBecomesACookieAndLeavesTheAddress() throws Exception {
        start(ViewAccess.withToken(VIEW_TOKEN));
        HttpResponse<String> link = client.get("/view/cam?token=" + VIEW_TOKEN + "&zoom=2");
        assertEquals(303, link.statusCode());
        assertEquals("/view/cam?zoom=2", link.headers().firstValue("Location").orElse(""), "the token is dropped");
        String setCookie = link.headers().firstValue("Set-Cookie").orElse("");
        assertTrue(setCookie.startsWith(ViewerGate.COOKIE + "="), setCookie);
        assertTrue(setCookie.contains("HttpOnly") && setCookie.contains("SameSite=Lax") && setCookie.contains("Path=/"),
                setCookie);
        assertFalse(setCookie.contains(VIEW_TOKEN), "the cookie is not the token");
        String cookie = setCookie.substring(0, setCookie.indexOf(';'));

        assertEquals(200, client.get("/view/cam", "Cookie", cookie).statusCode());
        assertEquals(200, client.get("/api/streams/cam", "Cookie", cookie).statusCode());
        try (MjpegReader viewer = client.video("cam", "Cookie", cookie)) {
            assertEquals(200, viewer.status(), "the <img> sends the cookie: the picture plays");
            assertArrayEquals(frame.getJpeg().toByteArray(), viewer.nextPart(LIVENESS));
        }
        assertEquals(401, client.get("/api/streams/cam", "Cookie", ViewerGate.COOKIE + "=forged").statusCode());
        assertEquals(401, client.get("/video/cam?token=wrong-guess").statusCode());
    }

    @Test
    void withoutTheTokenABrowserIsSentToTheLoginPageAndScriptsGet401() throws Exception {
        start(ViewAccess.withToken(VIEW_TOKEN));
        HttpResponse<String> page = client.get("/view/cam", "Accept", "text/html,application/xhtml+xml");
        assertEquals(303, page.statusCode());
        assertEquals("/login?next=%2Fview%2Fcam", page.headers().firstValue("Location").orElse(""));
        HttpResponse<String> api = client.get("/api/streams");
        assertEquals(401, api.statusCode());
        assertEquals("Bearer", api.headers().firstValue("WWW-Authenticate").orElse(""));
        assertEquals(401, client.get("/video/cam").statusCode());
        assertEquals(200, client.get("/metrics", "Authorization", "Bearer " + VIEW_TOKEN).statusCode(),
                "Prometheus sends the token as a bearer");
        assertEquals(401, client.get("/metrics", "Authorization", "Bearer " + INGEST_TOKEN).statusCode(),
                "the ingest token is not a viewing token");
        assertEquals("ok", client.get("/healthz").body());

        HttpResponse<String> form = client.get("/login?next=%2Fview%2Fcam");
        assertEquals(200, form.statusCode());
        assertTrue(form.body().contains("value=\"/view/cam\""), form.body());
    }

    @Test
    void theLoginFormSetsTheCookieAndGoesOnlyToPagesOfThisServer() throws Exception {
        start(ViewAccess.withToken(VIEW_TOKEN));
        HttpResponse<String> wrong = login("wrong-guess", "/view/cam");
        assertEquals(401, wrong.statusCode());
        assertTrue(wrong.body().contains("not right"));
        assertTrue(wrong.headers().firstValue("Set-Cookie").isEmpty());

        HttpResponse<String> right = login(VIEW_TOKEN, "/view/cam");
        assertEquals(303, right.statusCode());
        assertEquals("/view/cam", right.headers().firstValue("Location").orElse(""));
        String cookie = right.headers().firstValue("Set-Cookie").orElse(";");
        assertEquals(200, client.get("/api/streams", "Cookie", cookie.substring(0, cookie.indexOf(';'))).statusCode());

        for (String elsewhere : List.of("//evil.example/", "https://evil.example/", "/\\evil.example")) {
            assertEquals("/", login(VIEW_TOKEN, elsewhere).headers().firstValue("Location").orElse(""), elsewhere);
        }
    }

    private HttpResponse<String> login(String token, String next) throws Exception {
        String form = "token=" + java.net.URLEncoder.encode(token, StandardCharsets.UTF_8) + "&next="
                + java.net.URLEncoder.encode(next, StandardCharsets.UTF_8);
        return client.http.send(HttpRequest.newBuilder(client.uri(ViewerGate.LOGIN_PATH))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void openViewingNeedsNothing() throws Exception {
        start(ViewAccess.open());
        assertEquals(200, client.get("/view/cam").statusCode());
        assertEquals(200, client.get("/metrics").statusCode());
        assertEquals(404, client.get("/login").statusCode());
    }
}
