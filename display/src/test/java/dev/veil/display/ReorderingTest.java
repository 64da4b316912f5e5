package dev.veil.display;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.veil.frame.StageClock;
import dev.veil.frame.TestJpegs;
import dev.veil.frame.v1.DetectionStatus;
import dev.veil.frame.v1.Frame;
import dev.veil.testing.Await;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The reorder window in the running server: what a viewer and the stats see when frames come out of order. */
class ReorderingTest {

    private static final Duration LIVENESS = Duration.ofSeconds(30);
    private static final ObjectMapper JSON = new ObjectMapper();

    private DisplayServer server;
    private LoopbackClient client;
    private final Map<String, Long> sequenceOfPicture = new HashMap<>();
    private final long start = StageClock.nowMicros() - 60_000_000;

    @BeforeEach
    void start() {
        server = new DisplayServer(new DisplayConfig("127.0.0.1", 0, Optional.empty(),
                DisplayConfig.DEFAULT_MAX_FRAME_BYTES, 8, Duration.ofMillis(300), ViewAccess.open())).start();
        client = new LoopbackClient(server.port());
    }

    @AfterEach
    void stop() {
        server.close();
    }

    /** Frame {@code seq} of a run that started at {@code runStart}; each frame has its own picture (its size). */
    private Frame frame(long seq, long runStart) {
        Frame f = SinkFrames.mark(TestJpegs.frame("cam", seq, 64 + (int) seq * 2 + (runStart == start ? 0 : 1), 48)
                .setCaptureTimeMicros(runStart + seq * 40_000).setDetectionStatus(DetectionStatus.DETECTION_STATUS_OK))
                .build();
        sequenceOfPicture.put(new String(f.getJpeg().toByteArray(), java.nio.charset.StandardCharsets.ISO_8859_1),
                runStart == start ? seq : 1000 + seq);
        return f;
    }

    private void ingest(Frame... frames) throws Exception {
        for (Frame f : frames) {
            assertEquals(204, client.ingest(f).statusCode());
        }
    }

    private JsonNode stats() throws Exception {
        return JSON.readTree(client.get("/api/streams/cam").body());
    }

    /** Waits until the stats say {@code lastSequence} is {@code expected}; returns them. */
    private JsonNode awaitShown(long expected) throws Exception {
        JsonNode[] last = new JsonNode[1];
        Await.until(() -> "sequence " + expected + " shown; stats: " + last[0], LIVENESS, () -> {
            last[0] = statsNow();
            return last[0].get("lastSequence").asLong() == expected;
        });
        return last[0];
    }

    private JsonNode statsNow() {
        try {
            return stats();
        } catch (Exception e) {
            throw new IllegalStateException("cannot read the stream's stats", e);
        }
    }

    private long sequenceOf(byte[] jpeg) {
        return sequenceOfPicture.get(new String(jpeg, java.nio.charset.StandardCharsets.ISO_8859_1));
    }

    @Test
    void framesOutOfOrderAreShownInOrder() throws Exception {
        ingest(frame(0, start));
        awaitShown(0);
        try (MjpegReader viewer = client.video("cam")) {
            assertEquals(0, sequenceOf(viewer.nextPart(LIVENESS)));
            ingest(frame(2, start), frame(3, start), frame(1, start), frame(5, start), frame(4, start));
            JsonNode s = awaitShown(5);
            assertEquals(0, s.get("framesLate").asLong());
            assertEquals(0, s.get("framesMissing").asLong());
            assertEquals(6, s.get("framesShown").asLong());
            List<Long> seen = new ArrayList<>();
            while (seen.isEmpty() || seen.get(seen.size() - 1) != 5) {
                seen.add(sequenceOf(viewer.nextPart(LIVENESS)));
            }
            for (int i = 1; i < seen.size(); i++) {
                assertTrue(seen.get(i) > seen.get(i - 1), "the picture never goes back: " + seen);
            }
        }
    }

    @Test
    void aGapIsGivenUpAfterTheWaitAndWhatComesAfterItIsLate() throws Exception {
        ingest(frame(0, start));
        awaitShown(0);
        ingest(frame(2, start));
        JsonNode s = awaitShown(2); // after about 300 ms: 1 is given up
        assertEquals(1, s.get("framesMissing").asLong());
        ingest(frame(1, start));
        s = stats();
        assertEquals(1, s.get("framesLate").asLong());
        assertEquals(2, s.get("lastSequence").asLong());
    }

    @Test
    void aStreamThatRestartsFromZeroKeepsMoving() throws Exception {
        for (long seq = 0; seq < 20; seq++) {
            ingest(frame(seq, start));
        }
        awaitShown(19);
        long restart = start + 30_000_000; // the source restarted: sequences from 0, captured later
        try (MjpegReader viewer = client.video("cam")) {
            assertEquals(19, sequenceOf(viewer.nextPart(LIVENESS)));
            for (long seq = 0; seq < 5; seq++) {
                ingest(frame(seq, restart));
            }
            JsonNode s = awaitShown(4);
            assertEquals(1, s.get("restarts").asLong());
            assertEquals(0, s.get("framesLate").asLong(), "the new frames are not taken for late ones");
            Frame last = frame(4, restart);
            viewer.awaitPart(last.getJpeg().toByteArray(), LIVENESS);
        }
    }

    @Test
    void aHeldFrameIsShownEvenIfNothingComesAfterIt() throws Exception {
        ingest(frame(0, start));
        awaitShown(0);
        Frame alone = frame(7, start);
        ingest(alone);
        try (MjpegReader viewer = client.video("cam")) {
            viewer.awaitPart(alone.getJpeg().toByteArray(), LIVENESS);
        }
        assertEquals(6, stats().get("framesMissing").asLong());
    }
}
