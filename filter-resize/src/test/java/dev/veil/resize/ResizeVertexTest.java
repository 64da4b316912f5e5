package dev.veil.resize;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.veil.frame.FrameCodec;
import dev.veil.frame.TestJpegs;
import dev.veil.frame.v1.Frame;
import dev.veil.stage.MapVertex;
import io.numaproj.numaflow.mapper.GRPCConfig;
import io.numaproj.numaflow.mapper.MapperTestKit;
import io.numaproj.numaflow.mapper.Message;
import io.numaproj.numaflow.mapper.MessageList;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Instant;
import java.util.Arrays;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** The resize stage, as its vertex runs it (MapVertex), behind the SDK's real gRPC map server, driven by the SDK's client. */
class ResizeVertexTest {

    private FrameResizer resizer;
    private MapVertex mapper;
    private MapperTestKit kit;
    private MapperTestKit.Client client;

    @BeforeEach
    void serve() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        resizer = new FrameResizer(new ResizeConfig(640, 360, 85, false));
        mapper = new MapVertex(resizer, 85);
        kit = new MapperTestKit(mapper, GRPCConfig.newBuilder().port(port).isLocal(true).build());
        kit.startServer();
        client = new MapperTestKit.Client("localhost", port);
    }

    @AfterEach
    void stop() throws Exception {
        client.close();
        kit.stopServer();
    }

    @Test
    void aFrameComesOutScaledWithItsKeysAndAResizeStage() throws Exception {
        Frame frame = TestJpegs.frame("cam", 9, 1280, 720).build();

        MessageList result = client.sendRequest(new String[] {"cam"}, datum(frame.toByteArray()));

        assertEquals(1, result.getMessages().size());
        Message message = result.getMessages().get(0);
        assertArrayEquals(new String[] {"cam"}, message.getKeys());
        Frame out = FrameCodec.decode(message.getValue());
        assertEquals(640, out.getWidth());
        assertEquals(360, out.getHeight());
        assertEquals(9, out.getSequence());
        assertEquals("resize", out.getStages(out.getStagesCount() - 1).getStage());
        assertEquals(1, resizer.resized());
    }

    @Test
    void garbageIsDroppedAndCountedAndTheServerCarriesOn() throws Exception {
        byte[] garbage = "definitely not a frame".getBytes();
        MessageList dropped = client.sendRequest(new String[] {"cam"}, datum(garbage));
        assertEquals(1, dropped.getMessages().size());
        assertArrayEquals(new String[] {Message.DROP}, dropped.getMessages().get(0).getTags());

        // a frame whose declared size lies about its picture is refused as well
        Frame lying = TestJpegs.frame("cam", 2, 320, 240).setWidth(3200).build();
        MessageList alsoDropped = client.sendRequest(new String[] {"cam"}, datum(lying.toByteArray()));
        assertArrayEquals(new String[] {Message.DROP}, alsoDropped.getMessages().get(0).getTags());

        MessageList fine = client.sendRequest(new String[] {"cam"},
                datum(TestJpegs.frame("cam", 3, 800, 600).build().toByteArray()));
        assertEquals(480, FrameCodec.decode(fine.getMessages().get(0).getValue()).getWidth());
        assertEquals(new MapVertex.Counts(3, 2, 0, 0), mapper.counts());
        assertEquals(1, resizer.resized());
    }

    @Test
    void aFloodOfGarbageIsOneLogLineNotOneEach() throws Exception {
        ch.qos.logback.classic.Logger logger = (ch.qos.logback.classic.Logger) LoggerFactory.getLogger(MapVertex.class);
        ListAppender<ILoggingEvent> lines = new ListAppender<>();
        lines.start();
        logger.addAppender(lines);
        try {
            for (int i = 0; i < 50; i++) {
                client.sendRequest(new String[] {"cam"}, datum(("garbage " + i).getBytes()));
            }
        } finally {
            logger.detachAppender(lines);
        }

        assertEquals(50, mapper.counts().invalid(), "every message is counted");
        assertEquals(1, lines.list.stream().filter(e -> e.getLevel() == Level.WARN).count(),
                "one WARN line for the window: " + lines.list);
    }

    @Test
    void aPictureThatDoesNotDecodeIsDropped() throws Exception {
        Frame frame = TestJpegs.frame("cam", 4, 1280, 720).build();
        byte[] jpeg = frame.getJpeg().toByteArray();
        // Keep the header (so the declared size checks out) and destroy the entropy-coded data.
        byte[] broken = Arrays.copyOf(jpeg, 700);
        Frame bad = frame.toBuilder().setJpeg(com.google.protobuf.ByteString.copyFrom(broken)).build();

        MessageList result = client.sendRequest(new String[] {"cam"}, datum(bad.toByteArray()));

        Message only = result.getMessages().get(0);
        if (only.getTags() != null && Arrays.asList(only.getTags()).contains(Message.DROP)) {
            assertEquals(1, mapper.counts().dropped());
        } else {
            // libjpeg may decode what is there and grey the rest; then the frame must still be valid
            assertEquals(640, FrameCodec.decode(only.getValue()).getWidth());
        }
    }

    private static MapperTestKit.TestDatum datum(byte[] value) {
        return MapperTestKit.TestDatum.builder().value(value).eventTime(Instant.now()).watermark(Instant.now()).build();
    }
}
