package dev.veil.stage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.veil.frame.InvalidFrameException;
import dev.veil.frame.JpegCodec;
import dev.veil.frame.TestJpegs;
import dev.veil.frame.v1.Frame;
import dev.veil.frame.v1.StageTiming;
import io.numaproj.numaflow.mapper.GRPCConfig;
import io.numaproj.numaflow.mapper.MapperTestKit;
import io.numaproj.numaflow.mapper.Message;
import io.numaproj.numaflow.mapper.MessageList;
import java.net.ServerSocket;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.opencv_core.Mat;
import org.junit.jupiter.api.Test;

/** MapVertex with small stages written here, called as numaflow-java calls it. */
class MapVertexTest {

    private static final String[] KEYS = {"cam-1", "second key"};

    /** A stage whose work on each frame is given as a lambda; counts the frames it saw. */
    private static final class Stage implements MapStage {

        interface Work {
            VideoFrame on(VideoFrame frame) throws FrameDropped;
        }

        private final String name;
        private final Work work;
        final AtomicInteger calls = new AtomicInteger();

        Stage(String name, Work work) {
            this.name = name;
            this.work = work;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public VideoFrame process(VideoFrame frame) throws FrameDropped {
            calls.incrementAndGet();
            return work.on(frame);
        }
    }

    /** Inverts the picture in place, as a stage that changes pixels does. */
    private static Stage inverting() {
        return new Stage("invert", frame -> {
            try {
                Mat pixels = frame.picture().pixels();
                opencv_core.bitwise_not(pixels, pixels);
                frame.picture().changed();
                return frame;
            } catch (InvalidFrameException e) {
                throw new FrameDropped("picture does not decode", e.getMessage(), e);
            }
        });
    }

    /** Looks at the pixels without changing them. */
    private static Stage looking() {
        return new Stage("look", frame -> {
            try {
                frame.picture().pixels();
                return frame;
            } catch (InvalidFrameException e) {
                throw new FrameDropped("picture does not decode", e.getMessage(), e);
            }
        });
    }

    @Test
    void garbageIsDroppedAndCountedAsInvalidWithoutReachingTheStage() {
        Stage stage = looking();
        MapVertex vertex = new MapVertex(stage, 85);

        MessageList garbage = vertex.processMessage(KEYS, datum("definitely not a frame".getBytes()));
        MessageList empty = vertex.processMessage(KEYS, datum(new byte[0]));
        MessageList lying = vertex.processMessage(KEYS,
                datum(TestJpegs.frame("cam-1", 2, 160, 90).setWidth(320).build().toByteArray()));

        assertDropped(garbage);
        assertDropped(empty);
        assertDropped(lying);
        assertEquals(new MapVertex.Counts(3, 3, 0, 0), vertex.counts());
        assertEquals(0, stage.calls.get());
    }

    @Test
    void aFrameTheStageDropsIsDroppedAndCounted() {
        MapVertex vertex = new MapVertex(new Stage("picky", frame -> {
            throw new FrameDropped("picture is too dark", "mean brightness 3", null);
        }), 85);

        MessageList result = vertex.processMessage(KEYS, datum(frame(1)));

        assertDropped(result);
        assertEquals(new MapVertex.Counts(1, 0, 1, 0), vertex.counts());
    }

    @Test
    void aStageThatThrowsLosesThatFrameOnlyAndTheServerCarriesOn() throws Exception {
        Stage stage = new Stage("buggy", frame -> {
            if (frame.info().sequence() == 1) {
                throw new IllegalStateException("a bug in the stage");
            }
            return frame;
        });
        MapVertex vertex = new MapVertex(stage, 85);
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        MapperTestKit kit = new MapperTestKit(vertex, GRPCConfig.newBuilder().port(port).isLocal(true).build());
        kit.startServer();
        MapperTestKit.Client client = new MapperTestKit.Client("localhost", port);
        try {
            MessageList lost = client.sendRequest(KEYS, datum(frame(1)));
            MessageList next = client.sendRequest(KEYS, datum(frame(2)));

            assertDropped(lost);
            assertEquals(1, next.getMessages().size());
            assertEquals(2, Frame.parseFrom(next.getMessages().get(0).getValue()).getSequence());
            assertEquals(new MapVertex.Counts(2, 0, 0, 1), vertex.counts());
            assertEquals(2, stage.calls.get());
        } finally {
            client.close();
            kit.stopServer();
        }
    }

    @Test
    void theStagesTimingIsAppendedUnderItsName() throws Exception {
        StageTiming source = StageTiming.newBuilder().setStage("source").setStartMicros(1_000).setEndMicros(2_000)
                .build();
        byte[] in = TestJpegs.frame("cam-1", 3, 160, 90).addStages(source).build().toByteArray();
        MapVertex vertex = new MapVertex(looking(), 85);

        Frame out = only(vertex.processMessage(KEYS, datum(in)));

        assertEquals(2, out.getStagesCount());
        assertEquals(source, out.getStages(0));
        StageTiming look = out.getStages(1);
        assertEquals("look", look.getStage());
        assertTrue(look.getEndMicros() >= look.getStartMicros(), look.toString());
    }

    @Test
    void anUnchangedPictureLeavesAsTheJpegItCameAs() throws Exception {
        Frame in = TestJpegs.frame("cam-1", 4, 160, 90).build();

        Frame viaQuality = only(new MapVertex(looking(), 30).processMessage(KEYS, datum(in.toByteArray())));
        Frame viaNoQuality = only(new MapVertex(looking()).processMessage(KEYS, datum(in.toByteArray())));

        assertEquals(in.getJpeg(), viaQuality.getJpeg());
        assertEquals(in.getJpeg(), viaNoQuality.getJpeg());
        assertEquals(in, viaQuality.toBuilder().clearStages().build(), "only a stage timing was added");
    }

    @Test
    void aChangedPictureIsEncodedAtTheVertexQuality() throws Exception {
        Frame in = TestJpegs.frame("cam-1", 5, 160, 90).build();
        byte[] expected;
        try (Mat pixels = JpegCodec.decode(in.getJpeg().toByteArray())) {
            opencv_core.bitwise_not(pixels, pixels);
            expected = JpegCodec.encode(pixels, 70);
        }
        MapVertex vertex = new MapVertex(inverting(), 70);

        Frame out = only(vertex.processMessage(KEYS, datum(in.toByteArray())));

        assertArrayEquals(expected, out.getJpeg().toByteArray());
        assertEquals(new MapVertex.Counts(1, 0, 0, 0), vertex.counts());
    }

    @Test
    void aVertexWithoutQualityDropsAFrameWhosePictureTheStageChanged() {
        MapVertex vertex = new MapVertex(inverting());

        MessageList result = vertex.processMessage(KEYS, datum(frame(6)));

        assertDropped(result);
        assertEquals(new MapVertex.Counts(1, 0, 0, 1), vertex.counts());
    }

    @Test
    void aFrameTheStageMadeInvalidIsDroppedNotSent() {
        MapVertex vertex = new MapVertex(new Stage("wrong", frame -> frame.with(frame.info().withFaces(FaceStatus.OK,
                List.of(FaceBox.found(0.5, 0.5, 1.5, 0.9, 0.9)), 0))), 85);

        MessageList result = vertex.processMessage(KEYS, datum(frame(7)));

        assertDropped(result);
        assertEquals(new MapVertex.Counts(1, 0, 0, 1), vertex.counts());
    }

    @Test
    void keysAreKeptOnTheFramesPassedOn() {
        MapVertex vertex = new MapVertex(inverting(), 85);

        MessageList result = vertex.processMessage(KEYS, datum(frame(8)));

        assertEquals(1, result.getMessages().size());
        assertArrayEquals(KEYS, result.getMessages().get(0).getKeys());
    }

    @Test
    void theQualityMustBeAJpegQuality() {
        Stage stage = looking();
        assertThrows(IllegalArgumentException.class, () -> new MapVertex(stage, 0));
        assertThrows(IllegalArgumentException.class, () -> new MapVertex(stage, 101));
    }

    @Test
    void countsAddUpOverEveryKindOfMessage() {
        List<String> seen = new ArrayList<>();
        MapVertex vertex = new MapVertex(new Stage("mixed", frame -> {
            seen.add(frame.info().where());
            return switch ((int) frame.info().sequence()) {
                case 1 -> throw new FrameDropped("unlucky", "sequence 1", null);
                case 2 -> throw new IllegalArgumentException("sequence 2");
                default -> frame;
            };
        }), 85);

        vertex.processMessage(KEYS, datum("garbage".getBytes()));
        vertex.processMessage(KEYS, datum(frame(1)));
        vertex.processMessage(KEYS, datum(frame(2)));
        MessageList passed = vertex.processMessage(KEYS, datum(frame(3)));

        assertFalse(isDrop(passed.getMessages().get(0)));
        assertEquals(new MapVertex.Counts(4, 1, 1, 1), vertex.counts());
        assertEquals(List.of("cam-1#1", "cam-1#2", "cam-1#3"), seen);
    }

    private static byte[] frame(long sequence) {
        return TestJpegs.frame("cam-1", sequence, 160, 90).build().toByteArray();
    }

    private static Frame only(MessageList result) throws InvalidFrameException {
        assertEquals(1, result.getMessages().size());
        Message message = result.getMessages().get(0);
        assertFalse(isDrop(message), "the frame was dropped");
        assertArrayEquals(KEYS, message.getKeys());
        return WireFrames.parse(message.getValue());
    }

    private static void assertDropped(MessageList result) {
        assertEquals(1, result.getMessages().size());
        assertTrue(isDrop(result.getMessages().get(0)), "the message is dropped");
    }

    private static boolean isDrop(Message message) {
        return message.getTags() != null && List.of(message.getTags()).contains(Message.DROP);
    }

    private static MapperTestKit.TestDatum datum(byte[] value) {
        return MapperTestKit.TestDatum.builder().value(value).eventTime(Instant.now()).watermark(Instant.now()).build();
    }
}
