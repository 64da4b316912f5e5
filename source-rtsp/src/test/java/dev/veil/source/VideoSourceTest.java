package dev.veil.source;

import static dev.veil.source.SourceDriver.ack;
import static dev.veil.source.SourceDriver.frame;
import static dev.veil.source.SourceDriver.frames;
import static dev.veil.source.SourceDriver.offset;
import static dev.veil.source.SourceDriver.read;
import static dev.veil.source.SourceDriver.readAll;
import static dev.veil.source.SourceDriver.waitFor;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import dev.veil.frame.v1.DetectionStatus;
import dev.veil.frame.v1.Frame;
import dev.veil.testing.Await;
import io.numaproj.numaflow.sourcer.GRPCConfig;
import io.numaproj.numaflow.sourcer.Message;
import io.numaproj.numaflow.sourcer.Sourcer;
import io.numaproj.numaflow.sourcer.SourcerTestKit;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Files: every frame once, in order, with backpressure; resume after a restart; damaged and unplayable files;
 * several streams in one vertex. The gRPC tests run the handler behind the SDK's real server (SourcerTestKit).
 */
class VideoSourceTest {

    @TempDir
    Path dir;

    private SourcerTestKit kit;
    private NumaflowSourceClient client;
    private final List<VideoSource> sources = new ArrayList<>();

    @AfterEach
    void stop() throws Exception {
        if (client != null) {
            client.close();
        }
        if (kit != null) {
            kit.stopServer();
        }
        sources.forEach(VideoSource::close);
    }

    // ---- the Numaflow source contract, over gRPC ----

    @Test
    void everyFrameOfAFileArrivesOnceInOrderAndIsAcknowledged() throws Exception {
        Path video = TestVideos.synthetic(dir.resolve("clip.mp4"), 320, 240, 30, 25, false);
        serve(TestConfig.of(video).build());

        List<Message> messages = readOverGrpc(30);

        assertEquals(30, messages.size());
        long previousPts = -1;
        for (int i = 0; i < messages.size(); i++) {
            Message m = messages.get(i);
            Frame frame = frame(m);
            assertEquals(i, frame.getSequence());
            assertEquals("clip", frame.getStreamId());
            assertArrayEquals(new String[] {"clip"}, m.getKeys());
            assertEquals(320, frame.getWidth());
            assertEquals(240, frame.getHeight());
            assertEquals(DetectionStatus.DETECTION_STATUS_NOT_RUN, frame.getDetectionStatus());
            assertEquals("source", frame.getStages(0).getStage());
            assertTrue(frame.getPtsMicros() > previousPts, "presentation times increase");
            previousPts = frame.getPtsMicros();
            assertEquals("clip/" + i, offset(m));
            assertEquals(Sourcer.defaultPartitions().get(0), m.getOffset().getPartitionId());
        }
        assertEquals(29 * 40_000L, previousPts, 1_000L, "25 fps: the last of 30 frames is at 1.16 s");
        assertEquals(Duration.ofMillis(1160), Duration.between(messages.get(0).getEventTime(),
                messages.get(29).getEventTime()), "file event times follow the presentation times");
        waitFor("exhausted", Duration.ofSeconds(30), () -> source().isExhausted());
        assertEquals(0, client.pending());
        assertEquals(30, source().stats().acknowledged());
        assertEquals(Sourcer.defaultPartitions(), client.partitions());
    }

    /**
     * The SDK's own test client drives the real gRPC server. Only its pending and partitions calls are used: in
     * numaflow-java 0.9.2 its read and ack streams send no handshake, which the 0.9.2 server refuses, so reads
     * and acks in these tests go through {@link NumaflowSourceClient}, which speaks the protocol as Numaflow does.
     */
    @Test
    void theSdkTestClientSeesPendingFramesAndPartitions() throws Exception {
        Path video = TestVideos.synthetic(dir.resolve("clip.mp4"), 160, 120, 40, 25, false);
        serve(TestConfig.of(video).build()); // queue of 8
        SourcerTestKit.Client sdkClient = new SourcerTestKit.Client("localhost", port);
        try {
            waitFor("queue full", Duration.ofSeconds(30), () -> source().stats().queued() == 8);
            assertEquals(40, sdkClient.sendPendingRequest(), "8 queued and 32 the file still holds");
            assertEquals(Sourcer.defaultPartitions(), sdkClient.sendGetPartitionsRequest());

            List<Message> first = client.read(5, Duration.ofSeconds(1));
            assertEquals(5, first.size());
            waitFor("decoder refilled the queue", Duration.ofSeconds(30), () -> source().stats().queued() == 8);
            assertEquals(35, sdkClient.sendPendingRequest(), "read frames are not pending, acknowledged or not");
            client.ack(first.stream().map(Message::getOffset).toList());
            assertEquals(35, sdkClient.sendPendingRequest());
        } finally {
            sdkClient.close();
        }
    }

    @Test
    void aSlowReaderHoldsTheDecoderBackInsteadOfLosingFrames() throws Exception {
        Path video = TestVideos.synthetic(dir.resolve("clip.mp4"), 160, 120, 40, 25, false);
        TestConfig small = TestConfig.of(video);
        small.queueFrames = 3;
        serve(small.build());

        waitFor("3 decoded", Duration.ofSeconds(30), () -> source().stats().decoded() >= 3);
        // The decoder has run as far ahead as it can once it waits for room in the full queue.
        Await.someThreadWaitingIn(FrameQueues.class, "put", Duration.ofSeconds(30));
        assertEquals(3, source().stats().decoded(), "the decoder waits for the queue");
        assertEquals(40, client.pending(), "3 queued, the one waiting for room and the 36 the file still holds");

        List<Message> messages = readOverGrpc(40);
        assertEquals(40, messages.size());
        assertEquals(List.of(0L, 1L, 2L, 39L), List.of(frame(messages.get(0)).getSequence(),
                frame(messages.get(1)).getSequence(), frame(messages.get(2)).getSequence(),
                frame(messages.get(39)).getSequence()));
        assertEquals(0, source().stats().dropped());
    }

    @Test
    void aReadReturnsWhatIsReadyWithinTheTimeout() throws Exception {
        Path video = TestVideos.synthetic(dir.resolve("clip.mp4"), 160, 120, 5, 25, false);
        serve(TestConfig.of(video).build());
        waitFor("all decoded", Duration.ofSeconds(30), () -> source().stats().decoded() == 5);

        assertEquals(5, client.read(100, Duration.ofSeconds(1)).size(), "all five frames, without waiting to fill 100");
        assertTrue(client.read(10, Duration.ofMillis(200)).isEmpty());
    }

    // ---- files: end of input, resume ----

    @Test
    void loopingContinuesSequenceAndTime() throws Exception {
        Path video = TestVideos.synthetic(dir.resolve("short.mp4"), 160, 120, 10, 25, false);
        TestConfig config = TestConfig.of(video);
        config.atEnd = SourceConfig.AtEnd.LOOP;
        VideoSource source = start(config.build());

        List<Frame> frames = frames(readAll(source, 25));

        assertEquals(25, frames.size());
        for (int i = 0; i < 25; i++) {
            assertEquals(i, frames.get(i).getSequence());
            assertEquals(i * 40_000L, frames.get(i).getPtsMicros(), 1_000L, "time keeps going across the loop");
        }
        assertFalse(source.isExhausted());
    }

    @Test
    void aRestartedSourceResumesRightAfterTheLastAcknowledgedFrame() throws Exception {
        Path video = TestVideos.synthetic(dir.resolve("clip.mp4"), 160, 120, 30, 25, false);
        List<Frame> whole = frames(readAll(start(TestConfig.of(video).build()), 30));
        assertEquals(30, whole.size());
        TestConfig config = TestConfig.of(video);
        config.positionFile = dir.resolve("positions.properties");

        VideoSource first = start(config.build());
        List<Message> read = readExactly(first, 15);
        ack(first, read.subList(6, 12)); // out of order: 6..11 first, then 0..5
        ack(first, read.subList(0, 6));
        first.close(); // 12..14 were read but never acknowledged: they must come again

        VideoSource second = start(config.build());
        List<Frame> resumed = frames(readAll(second, 30));

        assertEquals(18, resumed.size(), "frames 12..29: no duplicate of 0..11, no gap");
        for (int i = 0; i < resumed.size(); i++) {
            Frame expected = whole.get(12 + i);
            assertEquals(expected.getSequence(), resumed.get(i).getSequence());
            assertEquals(expected.getPtsMicros(), resumed.get(i).getPtsMicros());
            assertEquals(expected.getJpeg(), resumed.get(i).getJpeg(), "the same picture as frame " + (12 + i));
        }
        waitFor("exhausted", Duration.ofSeconds(30), second::isExhausted);
        assertTrue(Files.readString(config.positionFile).contains("clip.next_sequence=30"));
    }

    @Test
    void aDirectoryPlaysItsVideosInNameOrderAndResumesInTheFileItStoppedIn() throws Exception {
        Path archive = Files.createDirectories(dir.resolve("archive"));
        TestVideos.synthetic(archive.resolve("2024-01-02.mp4"), 160, 120, 10, 25, false);
        TestVideos.synthetic(archive.resolve("2024-01-01.mp4"), 200, 150, 10, 25, false);
        TestVideos.synthetic(archive.resolve("2024-01-03.ts"), 240, 180, 10, 25, false);
        Files.writeString(archive.resolve("notes.txt"), "not a video");
        Files.writeString(archive.resolve(".hidden.mp4"), "not played either");
        TestConfig config = TestConfig.of(StreamSpec.of(archive.toString(), "lobby"));
        List<Frame> whole = frames(readAll(start(config.build()), 40));
        assertEquals(30, whole.size());
        assertEquals(List.of(200, 160, 240), List.of(whole.get(0).getWidth(), whole.get(10).getWidth(),
                whole.get(20).getWidth()), "sorted by name");
        for (int i = 1; i < 30; i++) {
            assertTrue(whole.get(i).getPtsMicros() > whole.get(i - 1).getPtsMicros(), "time goes on across files");
        }

        config.positionFile = dir; // a directory: the standard file inside it
        VideoSource first = start(config.build());
        ack(first, readExactly(first, 15));
        first.close();
        List<Frame> resumed = frames(readAll(start(config.build()), 40));

        assertEquals(15, resumed.size());
        for (int i = 0; i < 15; i++) {
            assertEquals(whole.get(15 + i).getSequence(), resumed.get(i).getSequence());
            assertEquals(whole.get(15 + i).getPtsMicros(), resumed.get(i).getPtsMicros());
            assertEquals(whole.get(15 + i).getJpeg(), resumed.get(i).getJpeg());
        }
        assertTrue(Files.readString(dir.resolve(SourceConfig.POSITION_FILE_NAME)).contains("2024-01-03.ts"));
    }

    // ---- damaged and unplayable input ----

    @Test
    void aTruncatedStreamDeliversWhatItHasThenStops() throws Exception {
        Path whole = TestVideos.synthetic(dir.resolve("whole.ts"), 160, 120, 50, 25, false);
        byte[] bytes = Files.readAllBytes(whole);
        Path cut = Files.write(dir.resolve("cut.ts"), Arrays.copyOf(bytes, bytes.length / 2));
        VideoSource source = start(TestConfig.of(cut).build());

        List<Message> messages = readAll(source, 50);

        assertTrue(messages.size() > 5 && messages.size() < 50, "got " + messages.size() + " frames of the first half");
        for (int i = 0; i < messages.size(); i++) {
            assertEquals(i, frame(messages.get(i)).getSequence());
        }
        waitFor("exhausted", Duration.ofSeconds(30), source::isExhausted);
    }

    @Test
    void aFileCutOffBehindItsIndexCountsThePicturesItNeverGave() throws Exception {
        // The index first: the cut copy opens and declares all 50 pictures; those past the cut never come.
        Path whole = TestVideos.synthetic(dir.resolve("whole.mp4"), 160, 120, 50, 25, false, true);
        VideoSource intact = start(TestConfig.of(whole).build());
        assertEquals(50, readAll(intact, 50).size());
        waitFor("exhausted", Duration.ofSeconds(30), intact::isExhausted);
        assertEquals(0, intact.stats().framesLostToDamage(), "a whole file loses nothing: " + intact.stats());
        assertEquals(0, intact.stats().decodeErrors());
        Path cut = Files.write(dir.resolve("cut.mp4"), Arrays.copyOf(Files.readAllBytes(whole),
                (int) (Files.size(whole) * 0.6)));

        try (LogCapture logs = new LogCapture()) {
            VideoSource source = start(TestConfig.of(cut).build());
            List<Message> got = readAll(source, 50);
            waitFor("exhausted", Duration.ofSeconds(30), source::isExhausted);

            StreamStats stats = source.stats().stream("cut");
            assertTrue(got.size() > 10 && got.size() < 50, "the pictures before the cut: " + got.size());
            assertEquals(50, got.size() + stats.framesLostToDamage(), "every picture is delivered or counted lost: "
                    + stats);
            assertEquals(1, stats.decodeErrors(), stats.toString());
            assertTrue(stats.lastProblem().orElse("").contains("cut.mp4 is lost"), stats.toString());
            List<ILoggingEvent> lines = logs.withMessage("damaged file gave fewer pictures than it declares");
            assertEquals(1, lines.size());
            assertTrue(LogCapture.line(lines.get(0)).contains("declared=50"), LogCapture.line(lines.get(0)));
        }
    }

    @Test
    void aRefusedStreamSaysWhyAndWhenItIsTriedAgain() throws Exception {
        int closed;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = probe.getLocalPort();
        }
        TestConfig config = TestConfig.of(StreamSpec.of("rtsp://cam:secret@127.0.0.1:" + closed + "/live", "door"));
        VideoSource source = start(config.build());

        waitFor("an outage", Duration.ofSeconds(30), () -> source.stats().stream("door").outage().isPresent());

        StreamStats door = source.stats().stream("door");
        Outage outage = door.outage().orElseThrow();
        assertEquals("Connection refused", outage.reason());
        assertTrue(outage.attempts() >= 1, outage.toString());
        assertTrue(outage.retryIn().compareTo(config.reconnectMax) <= 0, outage.toString());
        assertTrue(door.lastProblem().orElse("").contains("Connection refused"), door.toString());
        assertFalse(door.toString().contains("secret"), "no credentials in the stats: " + door);
    }

    @Test
    void bytesOverwrittenMidFileCostTheDamagedPicturesOnlyUntilTheNextKeyFrame() throws Exception {
        // 60 frames, a key frame every 25: damage in the middle loses pictures up to frame 50, not the rest.
        Path clean = TestVideos.synthetic(dir.resolve("clean.mp4"), 320, 240, 60, 25, false);
        List<Frame> whole = frames(readAll(start(TestConfig.of(clean).build()), 60));
        assertEquals(60, whole.size());
        Path damaged = TestVideos.overwritten(clean, dir.resolve("damaged.mp4"), 0.5, 2000);

        try (LogCapture logs = new LogCapture()) {
            VideoSource source = start(TestConfig.of(damaged).build());
            List<Frame> got = frames(readAll(source, 60));
            waitFor("exhausted", Duration.ofSeconds(30), source::isExhausted);

            int intact = 0;
            while (intact < got.size() && got.get(intact).getJpeg().equals(whole.get(intact).getJpeg())) {
                intact++;
            }
            assertTrue(intact >= 20 && intact < 50, "the pictures before the damage, exactly: " + intact);
            List<Long> tail = got.subList(intact, got.size()).stream().map(Frame::getPtsMicros).toList();
            List<Long> fromKeyFrame = whole.subList(50, 60).stream().map(Frame::getPtsMicros).toList();
            assertEquals(fromKeyFrame, tail, "after the damage, delivery restarts at the next key frame (50)");
            assertEquals(whole.get(59).getJpeg(), got.get(got.size() - 1).getJpeg());
            for (int i = 0; i < got.size(); i++) {
                assertEquals(i, got.get(i).getSequence(), "offsets have no gap");
            }

            StreamStats stats = source.stats().stream("damaged");
            assertEquals(1, stats.decodeErrors(), "one damage event");
            assertTrue(stats.damagedFrames() > 0 && stats.damagedFrames() <= 50 - intact, stats.toString());
            List<ILoggingEvent> lines = logs.withMessage("video damaged");
            assertEquals(1, lines.size(), "logged once for the event");
            assertEquals(Level.WARN, lines.get(0).getLevel());
            assertNull(lines.get(0).getThrowableProxy(), "a clear line, no stack trace");
            assertTrue(LogCapture.line(lines.get(0)).contains("picture=" + intact), LogCapture.line(lines.get(0)));
        }
    }

    @Test
    void aFileThatIsNotVideoGivesOneClearLineAndTheVertexKeepsAnswering() throws Exception {
        byte[] garbage = new byte[64 * 1024];
        new Random(1).nextBytes(garbage);
        Path file = Files.write(dir.resolve("garbage.mp4"), garbage);
        try (LogCapture logs = new LogCapture()) {
            serve(TestConfig.of(file).build());
            waitFor("exhausted", Duration.ofSeconds(30), () -> source().isExhausted());

            assertEquals(0, source().stats().decoded());
            assertEquals(1, source().stats().readErrors());
            assertOneErrorLine(logs, "garbage.mp4", "Invalid data found when processing input");
            assertTrue(client.read(5, Duration.ofMillis(100)).isEmpty(), "the vertex keeps answering, with nothing to read");
        }
    }

    @Test
    void aMissingFileGivesOneClearLine() throws Exception {
        Path video = TestVideos.synthetic(dir.resolve("gone.mp4"), 160, 120, 3, 25, false);
        SourceConfig config = TestConfig.of(video).build(); // checked while the file was there
        Files.delete(video);
        try (LogCapture logs = new LogCapture()) {
            VideoSource source = start(config);
            waitFor("exhausted", Duration.ofSeconds(30), source::isExhausted);
            assertEquals(1, source.stats().readErrors());
            assertOneErrorLine(logs, "gone.mp4", "No such file or directory");
        }
    }

    @Test
    void aCodecThisFfmpegCannotDecodeGivesOneClearLine() throws Exception {
        Path file = TestVideos.unsupportedCodec(dir.resolve("exotic.ts"));
        try (LogCapture logs = new LogCapture()) {
            VideoSource source = start(TestConfig.of(file).build());
            waitFor("exhausted", Duration.ofSeconds(30), source::isExhausted);
            assertEquals(0, source.stats().decoded());
            assertEquals(1, source.stats().readErrors());
            assertOneErrorLine(logs, "exotic.ts", "video codec avs2 is not supported");
        }
    }

    // ---- sizes and frame limits ----

    @Test
    void a4kStreamAt15FpsArrivesWholeAndWithinTheDefaultFrameLimit() throws Exception {
        assertSizeArrives(3840, 2160, 15, 3);
    }

    @Test
    void a1080pStreamArrivesWhole() throws Exception {
        assertSizeArrives(1920, 1080, 25, 4);
    }

    @Test
    void a720pStreamArrivesWhole() throws Exception {
        assertSizeArrives(1280, 720, 30, 4);
    }

    @Test
    void aSizeLimitScales4kIntoTheBoxInTheDecoderAndKeepsThePicture() throws Exception {
        Path video = TestVideos.synthetic(dir.resolve("4k.mp4"), 3840, 2160, 3, 15, false);
        TestConfig limited = TestConfig.of(video);
        limited.maxFrameSize = new FrameSizeLimit(1280, 720);
        List<Message> small = readAll(start(limited.build()), 3);
        List<Message> full = readAll(start(TestConfig.of(video).build()), 3);
        for (int i = 0; i < 3; i++) {
            Frame scaled = frame(small.get(i));
            assertEquals(1280, scaled.getWidth());
            assertEquals(720, scaled.getHeight());
            assertEquals(frame(full.get(i)).getPtsMicros(), scaled.getPtsMicros());
            try (var picture = dev.veil.frame.JpegCodec.decode(scaled.getJpeg().toByteArray());
                 var whole = dev.veil.frame.JpegCodec.decode(frame(full.get(i)).getJpeg().toByteArray());
                 var reference = new org.bytedeco.opencv.opencv_core.Mat();
                 var size = new org.bytedeco.opencv.opencv_core.Size(1280, 720)) {
                assertEquals(1280, picture.cols());
                assertEquals(720, picture.rows());
                org.bytedeco.opencv.global.opencv_imgproc.resize(whole, reference, size, 0, 0,
                        org.bytedeco.opencv.global.opencv_imgproc.INTER_AREA);
                double psnr = org.bytedeco.opencv.global.opencv_core.PSNR(picture, reference);
                assertTrue(psnr > 30, "the scaled picture is the full one, made smaller: PSNR " + psnr + " dB");
            }
            assertTrue(small.get(i).getValue().length * 4 < full.get(i).getValue().length,
                    "a 720p JPEG, not a 4K one: " + small.get(i).getValue().length + " vs " + full.get(i).getValue().length);
        }
    }

    @Test
    void aSizeLimitNeverEnlargesASmallerPicture() throws Exception {
        Path video = TestVideos.synthetic(dir.resolve("small.mp4"), 640, 360, 2, 25, false);
        TestConfig limited = TestConfig.of(video);
        limited.maxFrameSize = new FrameSizeLimit(1280, 720);
        Frame first = frame(readAll(start(limited.build()), 1).get(0));
        assertEquals(640, first.getWidth());
        assertEquals(360, first.getHeight());
    }

    @Test
    void framesOverTheLimitAreRefusedWithOneLineAndCounted() throws Exception {
        Path video = TestVideos.synthetic(dir.resolve("big.mp4"), 1280, 720, 4, 25, false);
        TestConfig config = TestConfig.of(video);
        config.maxFrameBytes = SourceConfig.MIN_FRAME_BYTES; // 16 KiB: a 720p JPEG at quality 100 is larger
        config.jpegQuality = 100;
        try (LogCapture logs = new LogCapture()) {
            VideoSource source = start(config.build());
            waitFor("exhausted", Duration.ofSeconds(60), source::isExhausted);
            assertTrue(read(source, 10, Duration.ofMillis(100)).isEmpty(), "nothing emitted");
            assertEquals(4, source.stats().oversizeFrames());
            assertEquals(0, source.stats().decoded());
            List<ILoggingEvent> lines = logs.withMessage("frame larger than VEIL_MAX_FRAME_BYTES");
            assertEquals(1, lines.size(), "one line for the run of oversize frames");
            assertTrue(LogCapture.line(lines.get(0)).contains("limit=16384"), LogCapture.line(lines.get(0)));
        }
    }

    @Test
    void jpegQualityIsConfigurable() throws Exception {
        Path video = TestVideos.synthetic(dir.resolve("q.mp4"), 640, 360, 2, 25, false);
        TestConfig low = TestConfig.of(video);
        low.jpegQuality = 20;
        TestConfig high = TestConfig.of(video);
        high.jpegQuality = 95;
        Frame lowFrame = frame(readAll(start(low.build()), 1).get(0));
        Frame highFrame = frame(readAll(start(high.build()), 1).get(0));
        assertTrue(lowFrame.getJpeg().size() < highFrame.getJpeg().size() * 0.8,
                lowFrame.getJpeg().size() + " vs " + highFrame.getJpeg().size());
    }

    // ---- several streams ----

    @Test
    void aDeadCameraNeverStallsTheOtherStreamsOfTheVertex() throws Exception {
        Path video = TestVideos.synthetic(dir.resolve("lobby.mp4"), 160, 120, 30, 25, false);
        Path other = TestVideos.synthetic(dir.resolve("gate.mp4"), 160, 120, 10, 25, false);
        // A "camera" that accepts the connection and never answers: the worst kind of dead.
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            TestConfig config = TestConfig.of(StreamSpec.of(video.toString(), "lobby"),
                    StreamSpec.of("rtsp://admin:hunter22@127.0.0.1:" + silent.getLocalPort() + "/cam", "dead-cam"),
                    StreamSpec.of(other.toString(), "gate"));
            config.openTimeout = Duration.ofSeconds(1);
            VideoSource source = start(config.build());

            List<Message> messages = readAll(source, 40);

            assertEquals(40, messages.size());
            assertEquals(Set.of("lobby", "gate"), messages.stream().map(m -> m.getKeys()[0]).collect(Collectors.toSet()));
            for (String stream : List.of("lobby", "gate")) {
                List<Message> own = messages.stream().filter(m -> m.getKeys()[0].equals(stream)).toList();
                for (int i = 0; i < own.size(); i++) {
                    assertEquals(stream + "/" + i, offset(own.get(i)), "offsets carry the stream id, per-stream sequence");
                    assertEquals(stream, frame(own.get(i)).getStreamId());
                }
            }
            assertEquals(List.of("lobby", "dead-cam", "gate"), source.stats().streams().stream()
                    .map(StreamStats::streamId).toList());
            waitFor("the dead camera failed at least once", Duration.ofSeconds(30),
                    () -> source.stats().stream("dead-cam").readErrors() >= 1);
            assertFalse(source.stats().stream("dead-cam").finished(), "it keeps trying");
            assertFalse(source.stats().toString().contains("hunter22"));
        }
    }

    // ---- helpers ----

    private int port;

    private void assertSizeArrives(int width, int height, double fps, int count) throws Exception {
        Path video = TestVideos.synthetic(dir.resolve(height + "p.mp4"), width, height, count, fps, false);
        VideoSource source = start(TestConfig.of(video).build());
        List<Message> messages = readAll(source, count);
        assertEquals(count, messages.size());
        for (int i = 0; i < count; i++) {
            Frame frame = frame(messages.get(i));
            assertEquals(width, frame.getWidth());
            assertEquals(height, frame.getHeight());
            assertEquals(Math.round(i * 1_000_000 / fps), frame.getPtsMicros(), 1_000);
            assertTrue(messages.get(i).getValue().length < SourceConfig.DEFAULT_MAX_FRAME_BYTES);
            try (var picture = dev.veil.frame.JpegCodec.decode(frame.getJpeg().toByteArray())) {
                assertEquals(width, picture.cols());
                assertEquals(height, picture.rows());
            }
        }
        assertEquals(0, source.stats().oversizeFrames());
    }

    private static void assertOneErrorLine(LogCapture logs, String file, String reason) {
        List<ILoggingEvent> errors = logs.events().stream()
                .filter(e -> e.getLevel().isGreaterOrEqual(Level.WARN)).toList();
        assertEquals(1, errors.size(), () -> "one line: " + errors.stream().map(LogCapture::line).toList());
        String line = LogCapture.line(errors.get(0));
        assertTrue(line.contains(file) && line.contains(reason), line);
        assertNull(errors.get(0).getThrowableProxy(), "no stack trace");
    }

    private VideoSource start(SourceConfig config) {
        VideoSource source = new VideoSource(config);
        sources.add(source);
        return source.start();
    }

    private VideoSource source() {
        return sources.get(sources.size() - 1);
    }

    /** Reads exactly n frames (several reads if need be), without acknowledging them. */
    private static List<Message> readExactly(VideoSource source, int n) throws InterruptedException {
        List<Message> out = new ArrayList<>();
        waitFor(n + " frames read", Duration.ofSeconds(60), () -> {
            out.addAll(read(source, n - out.size(), Duration.ofMillis(200)));
            return out.size() == n;
        });
        return out;
    }

    private void serve(SourceConfig config) throws Exception {
        port = RtspTestServer.freePort();
        start(config);
        kit = new SourcerTestKit(source(), GRPCConfig.newBuilder().port(port).isLocal(true).build());
        kit.startServer();
        client = new NumaflowSourceClient(port);
    }

    /** Reads and acknowledges over gRPC until {@code wanted} messages came or 60 s pass. */
    private List<Message> readOverGrpc(int wanted) throws Exception {
        List<Message> all = new ArrayList<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (all.size() < wanted && System.nanoTime() < deadline) {
            List<Message> got = client.read(Math.min(7, wanted - all.size()), Duration.ofMillis(500));
            if (!got.isEmpty()) {
                client.ack(got.stream().map(Message::getOffset).collect(Collectors.toList()));
                all.addAll(got);
            }
        }
        return all;
    }
}
