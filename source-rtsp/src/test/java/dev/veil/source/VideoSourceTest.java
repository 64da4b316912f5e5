package dev.veil.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.veil.frame.FrameCodec;
import dev.veil.frame.v1.DetectionStatus;
import dev.veil.frame.v1.Frame;
import io.numaproj.numaflow.sourcer.GRPCConfig;
import io.numaproj.numaflow.sourcer.Message;
import io.numaproj.numaflow.sourcer.Sourcer;
import io.numaproj.numaflow.sourcer.SourcerTestKit;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** The source handler behind the SDK's real gRPC server (SourcerTestKit), driven over gRPC as Numaflow drives it. */
class VideoSourceTest {

    @TempDir
    Path dir;

    private SourcerTestKit kit;
    private NumaflowSourceClient client;
    private VideoSource source;

    @AfterEach
    void stop() throws Exception {
        if (client != null) {
            client.close();
        }
        if (kit != null) {
            kit.stopServer();
        }
        if (source != null) {
            source.close();
        }
    }

    @Test
    void everyFrameOfAFileArrivesOnceInOrderAndIsAcknowledged() throws Exception {
        Path video = TestVideos.synthetic(dir.resolve("clip.mp4"), 320, 240, 30, 25, false);
        serve(config(video, SourceConfig.AtEnd.STOP, 4));

        List<Message> messages = readUntil(30, true);

        assertEquals(30, messages.size());
        long previousPts = -1;
        for (int i = 0; i < messages.size(); i++) {
            Message m = messages.get(i);
            Frame frame = FrameCodec.decode(m.getValue());
            assertEquals(i, frame.getSequence());
            assertEquals("clip", frame.getStreamId());
            assertArrayEquals(new String[] {"clip"}, m.getKeys());
            assertEquals(320, frame.getWidth());
            assertEquals(240, frame.getHeight());
            assertEquals(DetectionStatus.DETECTION_STATUS_NOT_RUN, frame.getDetectionStatus());
            assertEquals("source", frame.getStages(0).getStage());
            assertTrue(frame.getPtsMicros() > previousPts, "presentation times increase");
            previousPts = frame.getPtsMicros();
            assertEquals("clip/" + i, new String(m.getOffset().getValue()));
        }
        assertEquals(29 * 40_000L, previousPts, 1_000L, "25 fps: the last of 30 frames is at 1.16 s");
        assertTrue(messages.get(29).getEventTime().isAfter(messages.get(0).getEventTime()));
        waitFor(() -> source.isExhausted());
        assertEquals(0, client.pending());
        assertEquals(30, source.stats().acknowledged());
        assertEquals(Sourcer.defaultPartitions(), client.partitions());
    }

    @Test
    void loopingContinuesSequenceAndTime() throws Exception {
        Path video = TestVideos.synthetic(dir.resolve("short.mp4"), 160, 120, 10, 25, false);
        serve(config(video, SourceConfig.AtEnd.LOOP, 4));

        List<Message> messages = readUntil(25, true);

        assertEquals(25, messages.size());
        long previousPts = -1;
        for (int i = 0; i < 25; i++) {
            Frame frame = FrameCodec.decode(messages.get(i).getValue());
            assertEquals(i, frame.getSequence());
            assertTrue(frame.getPtsMicros() > previousPts, "time keeps going forward across the loop at frame " + i);
            previousPts = frame.getPtsMicros();
        }
        assertFalse(source.isExhausted());
    }

    @Test
    void aSlowReaderHoldsTheDecoderBackInsteadOfLosingFrames() throws Exception {
        Path video = TestVideos.synthetic(dir.resolve("clip.mp4"), 160, 120, 40, 25, false);
        serve(config(video, SourceConfig.AtEnd.STOP, 3));

        waitFor(() -> source.stats().decoded() >= 3);
        Thread.sleep(500); // give the decoder every chance to run ahead
        assertEquals(3, source.stats().decoded(), "the decoder waits for the queue");
        assertEquals(3, client.pending());

        List<Message> messages = readUntil(40, true);
        assertEquals(40, messages.size());
        assertEquals(List.of(0L, 1L, 2L, 39L), List.of(seq(messages.get(0)), seq(messages.get(1)),
                seq(messages.get(2)), seq(messages.get(39))));
    }

    @Test
    void aReadReturnsWhatIsReadyWithinTheTimeout() throws Exception {
        Path video = TestVideos.synthetic(dir.resolve("clip.mp4"), 160, 120, 5, 25, false);
        serve(config(video, SourceConfig.AtEnd.STOP, 8));
        waitFor(() -> source.stats().decoded() == 5);

        assertEquals(5, client.read(100, Duration.ofSeconds(1)).size(), "all five frames, without waiting to fill 100");
        assertTrue(client.read(10, Duration.ofMillis(200)).isEmpty());
    }

    @Test
    void aTruncatedStreamDeliversWhatItHasThenStops() throws Exception {
        Path whole = TestVideos.synthetic(dir.resolve("whole.ts"), 160, 120, 50, 25, false);
        byte[] bytes = Files.readAllBytes(whole);
        Path cut = Files.write(dir.resolve("cut.ts"), Arrays.copyOf(bytes, bytes.length / 2));
        serve(config(cut, SourceConfig.AtEnd.STOP, 8));

        List<Message> messages = readUntil(50, false);

        assertTrue(messages.size() > 5 && messages.size() < 50, "got " + messages.size() + " frames of the first half");
        for (int i = 0; i < messages.size(); i++) {
            assertEquals(i, seq(messages.get(i)));
        }
        waitFor(() -> source.isExhausted());
    }

    @Test
    void aFileThatIsNotVideoStopsTheSourceWithAClearError() throws Exception {
        byte[] garbage = new byte[64 * 1024];
        new Random(1).nextBytes(garbage);
        Path file = Files.write(dir.resolve("garbage.mp4"), garbage);
        ListAppender<ILoggingEvent> logs = captureLogs();

        serve(config(file, SourceConfig.AtEnd.STOP, 8));
        waitFor(() -> source.isExhausted());

        assertEquals(0, source.stats().decoded());
        assertEquals(1, source.stats().readErrors());
        assertTrue(logs.list.stream().anyMatch(e -> e.getFormattedMessage().contains("cannot be opened")));
        assertTrue(client.read(5, Duration.ofMillis(100)).isEmpty(), "the vertex keeps answering, with nothing to read");
    }

    @Test
    void credentialsOfAStreamNeverReachTheLogs() throws Exception {
        int deadPort = freePort();
        ListAppender<ILoggingEvent> logs = captureLogs();
        SourceConfig config = new SourceConfig("rtsp://admin:SuperSecret42@127.0.0.1:" + deadPort + "/cam",
                "cam", SourceConfig.Pacing.REALTIME, SourceConfig.AtEnd.STOP, 90,
                SourceConfig.RtspTransport.TCP, 4);
        source = new VideoSource(config).start();

        waitFor(() -> source.stats().readErrors() >= 1);
        source.close();

        assertFalse(logs.list.isEmpty());
        for (ILoggingEvent event : logs.list) {
            String line = event.getFormattedMessage() + " " + event.getKeyValuePairs();
            assertFalse(line.contains("SuperSecret42"), line);
            assertFalse(line.contains("admin:"), line);
        }
        assertTrue(logs.list.stream().anyMatch(e -> String.valueOf(e.getKeyValuePairs()).contains("rtsp://***@127.0.0.1")),
                "the error says which stream, without its password");
    }

    private SourceConfig config(Path video, SourceConfig.AtEnd atEnd, int queue) {
        return new SourceConfig(video.toString(), SourceConfig.streamIdFor(video.toString()),
                SourceConfig.Pacing.AS_FAST_AS_POSSIBLE, atEnd, 85, SourceConfig.RtspTransport.TCP, queue);
    }

    private void serve(SourceConfig config) throws Exception {
        int port = freePort();
        source = new VideoSource(config).start();
        kit = new SourcerTestKit(source, GRPCConfig.newBuilder().port(port).isLocal(true).build());
        kit.startServer();
        client = new NumaflowSourceClient(port);
    }

    /** Reads and acknowledges until {@code wanted} messages came, or the source is exhausted, or 60 s pass. */
    private List<Message> readUntil(int wanted, boolean requireAll) throws Exception {
        List<Message> all = new ArrayList<>();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (all.size() < wanted && System.nanoTime() < deadline) {
            List<Message> got = client.read(Math.min(7, wanted - all.size()), Duration.ofMillis(500));
            if (!got.isEmpty()) {
                client.ack(got.stream().map(Message::getOffset).collect(Collectors.toList()));
                all.addAll(got);
            } else if (!requireAll && source.isExhausted()) {
                break;
            }
        }
        return all;
    }

    private static long seq(Message m) throws Exception {
        return FrameCodec.decode(m.getValue()).getSequence();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static ListAppender<ILoggingEvent> captureLogs() {
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        ((Logger) LoggerFactory.getLogger(VideoSource.class)).addAppender(appender);
        return appender;
    }

    private static void waitFor(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not reached within 30 s");
            }
            Thread.sleep(20);
        }
    }
}
