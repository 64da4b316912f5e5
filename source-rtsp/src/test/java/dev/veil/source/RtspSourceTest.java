package dev.veil.source;

import static dev.veil.source.SourceDriver.ack;
import static dev.veil.source.SourceDriver.frame;
import static dev.veil.source.SourceDriver.offset;
import static dev.veil.source.SourceDriver.read;
import static dev.veil.source.SourceDriver.waitFor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import dev.veil.frame.StageClock;
import dev.veil.frame.v1.Frame;
import io.numaproj.numaflow.sourcer.Message;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Live streams from a real RTSP server (GStreamer's, from Debian) on loopback: both transports, a server that
 * dies and comes back, one that freezes, credentials, a slow pipeline, a dead camera beside a good one.
 */
class RtspSourceTest {

    private static final String USER = "alice";
    private static final String PASSWORD = "Sup3rSecretPw";
    private static final Duration SLOW_PIPELINE_PERIOD = Duration.ofMillis(200);

    @TempDir
    static Path dir;
    private static Path clip;

    private RtspTestServer server;
    private VideoSource source;

    @BeforeAll
    static void makeClip() throws Exception {
        RtspTestServer.assumeAvailable();
        clip = TestVideos.synthetic(dir.resolve("camera.mp4"), 320, 240, 500, 25, false); // 20 s at 25 fps
    }

    @AfterEach
    void stop() throws Exception {
        if (source != null) {
            source.close();
        }
        if (server != null) {
            server.close();
        }
    }

    @ParameterizedTest
    @EnumSource(SourceConfig.RtspTransport.class)
    void aLiveStreamIsReadOverEitherTransport(SourceConfig.RtspTransport transport) throws Exception {
        server = RtspTestServer.start(clip, null, null);
        TestConfig config = TestConfig.of(StreamSpec.of(server.url(null, null), "cam"));
        config.transport = transport;
        source = new VideoSource(config.build()).start();

        List<Message> messages = readAtLeast(25, Duration.ofSeconds(30));

        long previous = -1;
        for (Message m : messages) {
            Frame frame = frame(m);
            assertEquals("cam", frame.getStreamId());
            assertEquals("cam", m.getKeys()[0]);
            assertEquals(320, frame.getWidth());
            assertEquals(240, frame.getHeight());
            assertEquals("cam/" + frame.getSequence(), offset(m));
            assertTrue(frame.getSequence() > previous);
            previous = frame.getSequence();
            assertEquals(StageClock.toInstant(frame.getCaptureTimeMicros()), m.getEventTime(),
                    "live event time is the capture time");
            assertTrue(Duration.between(m.getEventTime(), Instant.now()).abs().toSeconds() < 30);
        }
        StreamStats stats = source.stats().stream("cam");
        assertTrue(stats.live());
        assertEquals("h264", stats.decoder());
        assertEquals(source.getPending(), stats.queued(), "live pending is what is queued");
    }

    @Test
    void aServerThatDiesAndComesBackIsReadAgainWithoutRestartingTheSource() throws Exception {
        server = RtspTestServer.start(clip, null, null);
        TestConfig config = TestConfig.of(StreamSpec.of(server.url(null, null), "cam"));
        config.reconnectMin = Duration.ofMillis(200);
        config.reconnectMax = Duration.ofSeconds(2);
        try (LogCapture logs = new LogCapture()) {
            source = new VideoSource(config.build()).start();
            readAtLeast(10, Duration.ofSeconds(30));

            server.kill();
            waitFor("the loss noticed", Duration.ofSeconds(20), () -> source.stats().reconnects() == 1);
            long errorsAtLoss = source.stats().readErrors();
            waitFor("a few failed attempts against the closed port", Duration.ofSeconds(20),
                    () -> source.stats().readErrors() >= errorsAtLoss + 3);
            drain();
            long beforeRestart = source.stats().decoded();

            server.restart();
            long restartedAt = System.nanoTime();
            List<Message> after = readAtLeast(5, Duration.ofSeconds(30));
            double secondsToResume = (System.nanoTime() - restartedAt) / 1e9;

            assertTrue(secondsToResume < 10, "frames again " + secondsToResume + " s after the restart");
            assertTrue(source.stats().decoded() > beforeRestart);
            assertTrue(frame(after.get(0)).getSequence() >= beforeRestart, "offsets go on, never reused");
            StreamStats stats = source.stats().stream("cam");
            assertEquals(1, stats.reconnects());
            assertTrue(stats.readErrors() >= 1, "the attempts against the dead server failed: " + stats);
            assertEquals(1, logs.withMessage("stream lost, reconnecting").size(), "the outage is logged once");
            assertEquals(1, logs.withMessage("stream reconnected").size());
            assertEquals(1, warnings(logs).size(), () -> "no line per failed attempt: " + warnings(logs));
        }
    }

    @Test
    void aStreamThatStopsSendingIsDetectedAsStalledAndReconnected() throws Exception {
        server = RtspTestServer.start(clip, null, null);
        TestConfig config = TestConfig.of(StreamSpec.of(server.url(null, null), "cam"));
        config.stallTimeout = Duration.ofMillis(1500);
        config.openTimeout = Duration.ofMillis(1500);
        config.reconnectMin = Duration.ofMillis(200);
        config.reconnectMax = Duration.ofSeconds(1);
        try (LogCapture logs = new LogCapture()) {
            source = new VideoSource(config.build()).start();
            readAtLeast(10, Duration.ofSeconds(30));

            server.freeze(); // connected, silent
            waitFor("the stall detected", Duration.ofSeconds(20), () -> source.stats().stalls() == 1);
            long errorsAtStall = source.stats().readErrors();
            waitFor("an attempt against the frozen server timed out", Duration.ofSeconds(20),
                    () -> source.stats().readErrors() >= errorsAtStall + 1);
            drain();

            server.thaw();
            List<Message> after = readAtLeast(5, Duration.ofSeconds(30));

            assertFalse(after.isEmpty());
            StreamStats stats = source.stats().stream("cam");
            assertEquals(1, stats.stalls());
            assertEquals(1, stats.reconnects());
            List<ILoggingEvent> stalled = logs.withMessage("stream stalled, reconnecting");
            assertEquals(1, stalled.size(), "logged once");
            assertTrue(LogCapture.line(stalled.get(0)).contains("reason=stalled: no picture for 1500 ms"),
                    LogCapture.line(stalled.get(0)));
            assertEquals(1, warnings(logs).size(), () -> "one line for the event: " + warnings(logs));
        }
    }

    @Test
    void credentialsInTheUrlReachTheServerButNoLogLineCounterOrError() throws Exception {
        server = RtspTestServer.start(clip, USER, PASSWORD);
        String basic = Base64.getEncoder().encodeToString((USER + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8));
        try (LogCapture logs = new LogCapture(Level.TRACE)) { // FFmpeg's own lines too, down to its request dumps
            source = new VideoSource(TestConfig.of(StreamSpec.of(server.url(USER, PASSWORD), "door"),
                    StreamSpec.of(server.url(USER, "Wr0ngPassword"), "door-wrong")).build()).start();

            assertFalse(readAtLeast(10, Duration.ofSeconds(30)).isEmpty(), "the server accepted the credentials");
            waitFor("the wrong password refused", Duration.ofSeconds(30),
                    () -> source.stats().stream("door-wrong").readErrors() >= 1);
            source.close();

            List<String> lines = logs.events().stream().map(LogCapture::line).toList();
            assertTrue(lines.stream().anyMatch(l -> l.startsWith(FfmpegLog.LOGGER) && l.contains("Authorization: ***")),
                    "FFmpeg's request dumps were captured, with the header scrubbed");
            assertTrue(lines.stream().anyMatch(l -> l.contains("stream cannot be opened, retrying")
                    && l.contains("401 Unauthorized") && l.contains("rtsp://***@127.0.0.1:" + server.port())),
                    "the refusal is explained, naming the stream without its credentials");
            String stats = source.stats().toString();
            for (String text : List.of(String.join("\n", lines), stats)) {
                for (String secret : List.of(PASSWORD, "Wr0ngPassword", USER + ":", basic)) {
                    assertFalse(text.contains(secret), secret + " leaked");
                }
            }
        }
    }

    @Test
    void aPipelineSlowerThanTheCameraGetsRecentFramesAndTheDropsAreCounted() throws Exception {
        server = RtspTestServer.start(clip, null, null);
        TestConfig config = TestConfig.of(StreamSpec.of(server.url(null, null), "cam"));
        config.queueFrames = 4;
        try (LogCapture logs = new LogCapture()) {
            source = new VideoSource(config.build()).start();
            readAtLeast(1, Duration.ofSeconds(30));

            List<Message> delivered = new ArrayList<>();
            int maxQueued = 0;
            for (int i = 0; i < 20; i++) { // 5 frames a second against the camera's 25
                pauseAsASlowPipeline();
                maxQueued = Math.max(maxQueued, source.stats().queued());
                List<Message> got = read(source, 1, Duration.ofSeconds(1));
                ack(source, got);
                delivered.addAll(got);
            }
            source.close();
            delivered.addAll(drain());

            SourceStats stats = source.stats();
            assertTrue(maxQueued <= 4, "the queue never holds more than its bound: " + maxQueued);
            assertTrue(stats.decoded() > 40, "the camera kept going: " + stats.decoded());
            assertTrue(stats.dropped() > 20, "dropped " + stats.dropped());
            assertEquals(0, stats.queued());
            assertEquals(stats.decoded() - stats.emitted(), stats.dropped(), "every frame not delivered is counted");
            long gaps = 0;
            for (int i = 1; i < delivered.size(); i++) {
                long step = frame(delivered.get(i)).getSequence() - frame(delivered.get(i - 1)).getSequence();
                assertTrue(step >= 1);
                gaps += step - 1;
            }
            assertTrue(gaps > 0, "delivered frames skip the dropped ones");
            assertEquals(1, logs.withMessage("oldest frames dropped").size(), "logged once, not per frame");
        }
    }

    @Test
    void aDeadCameraDoesNotStallALiveOneBesideIt() throws Exception {
        server = RtspTestServer.start(clip, null, null);
        int closedPort = RtspTestServer.freePort();
        source = new VideoSource(TestConfig.of(StreamSpec.of("rtsp://127.0.0.1:" + closedPort + "/gone", "gone"),
                StreamSpec.of(server.url(null, null), "cam")).build()).start();

        List<Message> messages = readAtLeast(30, Duration.ofSeconds(30));

        assertTrue(messages.stream().allMatch(m -> m.getKeys()[0].equals("cam")));
        assertTrue(source.stats().stream("gone").readErrors() >= 2, "it keeps trying: " + source.stats().stream("gone"));
        assertEquals(0, source.stats().stream("gone").decoded());
    }

    /**
     * A pipeline slower than the camera, at real time: one read every {@link #SLOW_PIPELINE_PERIOD} while the
     * camera sends 25 frames a second, so the source's live queue must drop its oldest frames.
     */
    private static void pauseAsASlowPipeline() throws InterruptedException {
        Thread.sleep(SLOW_PIPELINE_PERIOD.toMillis());
    }

    private List<Message> readAtLeast(int n, Duration timeout) throws InterruptedException {
        List<Message> out = new ArrayList<>();
        waitFor(n + " frames", timeout, () -> {
            List<Message> got = read(source, 10, Duration.ofMillis(200));
            ack(source, got);
            out.addAll(got);
            return out.size() >= n;
        });
        return out;
    }

    private List<Message> drain() {
        List<Message> out = new ArrayList<>();
        List<Message> got;
        while (!(got = read(source, 100, Duration.ofMillis(1))).isEmpty()) {
            ack(source, got);
            out.addAll(got);
        }
        return out;
    }

    /** Warnings about the stream's connection (frames dropped while the test did not read are another event). */
    private static List<String> warnings(LogCapture logs) {
        return logs.events().stream().filter(e -> e.getLevel().isGreaterOrEqual(Level.WARN)).map(LogCapture::line)
                .filter(line -> !line.contains("oldest frames dropped")).toList();
    }
}
