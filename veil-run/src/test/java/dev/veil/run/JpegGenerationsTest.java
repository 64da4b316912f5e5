package dev.veil.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.veil.display.DisplayConfig;
import dev.veil.display.DisplayServer;
import dev.veil.frame.JpegCodec;
import dev.veil.inference.FaceDetectors;
import dev.veil.inference.FaceInference;
import dev.veil.inference.InferenceConfig;
import dev.veil.inference.detect.FaceDetector;
import dev.veil.resize.FrameResizer;
import dev.veil.resize.ResizeConfig;
import dev.veil.sink.AnonymizeMode;
import dev.veil.sink.AnonymizerConfig;
import dev.veil.sink.DisplaySink;
import dev.veil.sink.SinkConfig;
import dev.veil.sink.SinkStats;
import dev.veil.source.SourceConfig;
import dev.veil.source.VideoSource;
import dev.veil.stage.MapVertex;
import io.numaproj.numaflow.mapper.MapperTestKit;
import io.numaproj.numaflow.mapper.Message;
import io.numaproj.numaflow.sinker.Response;
import io.numaproj.numaflow.sinker.SinkerTestKit;
import io.numaproj.numaflow.sourcer.ReadRequest;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How many times each 720p frame is JPEG-encoded and decoded on its way through the pipeline (docs/benchmarks.md
 * gives these counts): in the cluster, at each process boundary; in {@code veil run}, never unless someone watches.
 * Every JPEG Veil makes or reads goes through {@link JpegCodec}, which counts them.
 */
class JpegGenerationsTest {

    private static final int FRAMES = 12;
    private static final String TOKEN = "jpeg-generations-token";

    @TempDir
    Path dir;

    @Test
    void theClusterPathEncodesTwiceAndDecodesTwiceAFrameWithAFace() throws Exception {
        Path clip = TestInputs.portraitScene(dir.resolve("portrait.mp4"), FRAMES);
        SourceConfig sourceConfig = new SourceConfig(clip.toString(), "cam", SourceConfig.Pacing.AS_FAST_AS_POSSIBLE,
                SourceConfig.AtEnd.STOP, 90, SourceConfig.RtspTransport.TCP, SourceConfig.DEFAULT_QUEUE_FRAMES);
        List<byte[]> messages = new ArrayList<>();
        try (VideoSource source = new VideoSource(sourceConfig).start()) {
            while (!source.isExhausted()) {
                source.read(request(), m -> messages.add(m.getValue()));
            }
        }
        assertEquals(FRAMES, messages.size());
        try (FaceDetector detector = FaceDetectors.open(InferenceConfig.defaults());
             FaceInference inference = new FaceInference(detector);
             DisplayServer display = new DisplayServer(new DisplayConfig("127.0.0.1", 0, Optional.of(TOKEN),
                     DisplayConfig.DEFAULT_MAX_FRAME_BYTES)).start()) {
            MapVertex resize = new MapVertex(new FrameResizer(new ResizeConfig(1280, 720, 90, false)), 90);
            MapVertex detect = new MapVertex(inference);
            DisplaySink sink = new DisplaySink(SinkConfig.showing(URI.create("http://127.0.0.1:" + display.port()),
                    Optional.of(TOKEN), AnonymizerConfig.of(AnonymizeMode.BLUR, false)));
            JpegCodec.Counts before = JpegCodec.counts();
            for (byte[] message : messages) {
                byte[] resized = only(resize.processMessage(new String[]{"cam"}, datum(message)).getMessages());
                byte[] detected = only(detect.processMessage(new String[]{"cam"}, datum(resized)).getMessages());
                for (Response r : sink.processMessages(iterator(detected)).getResponses()) {
                    assertTrue(r.getSuccess(), r.getErr());
                }
            }
            JpegCodec.Counts after = JpegCodec.counts();
            SinkStats stats = sink.stats();
            sink.close();
            assertEquals(FRAMES, stats.displayed());
            assertTrue(stats.faces() >= FRAMES, "the face is found in every frame: " + stats);
            // filter-resize passes the source's 720p frames on untouched; inference decodes once; the sink decodes once
            // and, having hidden a face, encodes once; the display shows the sink's JPEG as it is.
            assertEquals(2L * FRAMES, after.decodes() - before.decodes(), "decodes");
            assertEquals(FRAMES, after.encodes() - before.encodes(), "encodes after the source's");
        }
    }

    @Test
    void veilRunMakesNoJpegWhenNobodyWatches() throws Exception {
        Path clip = TestInputs.portraitScene(dir.resolve("portrait.mp4"), FRAMES);
        Path output = dir.resolve("out.mp4");
        ByteArrayOutputStream said = new ByteArrayOutputStream();
        PrintStream print = new PrintStream(said, true, StandardCharsets.UTF_8);
        JpegCodec.Counts before = JpegCodec.counts();
        int status = new RunCommand(RunOptions.parse("--input", clip.toString(), "--output", output.toString(),
                "--pacing", "as-fast-as-possible", "--port", "0"), print, print).call();
        JpegCodec.Counts after = JpegCodec.counts();
        String text = said.toString(StandardCharsets.UTF_8);
        assertEquals(0, status, text);
        assertTrue(text.contains(FRAMES + " frames"), text);
        assertEquals(new JpegCodec.Counts(0, 0), new JpegCodec.Counts(after.encodes() - before.encodes(),
                after.decodes() - before.decodes()), "no JPEG between the stages, none for a viewer nobody opened");
    }

    private static ReadRequest request() {
        return new ReadRequest() {
            @Override
            public long getCount() {
                return 8;
            }

            @Override
            public Duration getTimeout() {
                return Duration.ofMillis(200);
            }
        };
    }

    private static byte[] only(List<Message> messages) {
        assertEquals(1, messages.size());
        return messages.get(0).getValue();
    }

    private static MapperTestKit.TestDatum datum(byte[] value) {
        return MapperTestKit.TestDatum.builder().value(value).eventTime(Instant.now()).watermark(Instant.now()).build();
    }

    private static SinkerTestKit.TestListIterator iterator(byte[] value) {
        SinkerTestKit.TestListIterator datums = new SinkerTestKit.TestListIterator();
        datums.addDatum(SinkerTestKit.TestDatum.builder().id("1").keys(new String[]{"cam"}).value(value)
                .eventTime(Instant.now()).watermark(Instant.now()).build());
        return datums;
    }
}
