package dev.veil.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.veil.sink.AnonymizeMode;
import dev.veil.sink.AnonymizerConfig;
import dev.veil.sink.AnonymizingSink;
import dev.veil.sink.DisplayLink;
import dev.veil.sink.FailurePolicy;
import dev.veil.sink.H264EncoderChoice;
import dev.veil.sink.SinkConfig;
import dev.veil.source.SourceConfig;
import dev.veil.source.VideoSource;
import dev.veil.stage.FaceStatus;
import dev.veil.stage.FrameDropped;
import dev.veil.stage.FrameInfo;
import dev.veil.stage.MapStage;
import dev.veil.stage.Picture;
import dev.veil.stage.VideoFrame;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The local pipeline's hand-over between start and finish: a stage may start the next frame while it holds one (the
 * inference stage's detector then searches it while the tracker follows the one before), and every frame still
 * leaves in the order it came, once, or is dropped alone. A real source decodes a real clip and a real sink delivers
 * to the display; only the stage in between is the test's, to see when each frame is started and finished.
 */
class LocalPipelineTest {

    private static final int FRAMES = 40;

    @Test
    void aWaitingFrameIsStartedBeforeTheOneInHandIsFinishedAndFramesLeaveInTheirOrder(@TempDir Path dir)
            throws Exception {
        Probe stage = new Probe(Set.of());
        List<Long> shown = run(dir, stage);

        List<Long> seen = stage.startedSequences();
        assertEquals(FRAMES, seen.size(), "every frame of the clip was started");
        assertEquals(seen, shown, "the display got every frame, in the order the stage started them");
        stage.assertEachFinishedOnceInOrderWithAtMostTwoInHand();
        // The first start takes a second, in which the source (a few milliseconds a frame) queues the next frames: the
        // second is started before the first is finished.
        assertEquals(List.of("start " + seen.get(0), "start " + seen.get(1), "finish " + seen.get(0)),
                stage.events.subList(0, 3));
    }

    @Test
    void aFrameTheStageDropsIsDroppedAloneAndTheOthersKeepTheirOrder(@TempDir Path dir) throws Exception {
        Probe stage = new Probe(Set.of(1, 2, 17));
        List<Long> shown = run(dir, stage);

        List<Long> seen = stage.startedSequences();
        List<Long> kept = new ArrayList<>(seen);
        kept.remove(seen.get(17));
        kept.remove(seen.get(2));
        kept.remove(seen.get(1));
        assertEquals(kept, shown, "every frame but the dropped ones reached the display, in order");
        stage.assertEachFinishedOnceInOrderWithAtMostTwoInHand();
    }

    /** Runs the clip through the source, {@code stage} and the sink; the sequence numbers the display got. */
    private static List<Long> run(Path dir, MapStage stage) throws Exception {
        Path clip = TestInputs.h264(dir.resolve("clip.mp4"), 160, 120, FRAMES, 30, false);
        Shown display = new Shown();
        SinkConfig sinkConfig = new SinkConfig(URI.create("http://127.0.0.1:9"), Optional.of("token"),
                AnonymizerConfig.of(AnonymizeMode.BLUR, false), FailurePolicy.BLUR_WHOLE_FRAME, 80,
                SinkConfig.DEFAULT_POST_TIMEOUT, Optional.empty(), 30, Optional.empty(),
                SinkConfig.DEFAULT_SEGMENT_LENGTH, H264EncoderChoice.AUTO);
        SourceConfig sourceConfig = new SourceConfig(clip.toString(), "clip", SourceConfig.Pacing.AS_FAST_AS_POSSIBLE,
                SourceConfig.AtEnd.STOP, 80, SourceConfig.RtspTransport.TCP, 8);
        try (AnonymizingSink sink = new AnonymizingSink(sinkConfig, display);
             VideoSource source = VideoSource.ofPictures(sourceConfig)) {
            LocalPipeline pipeline = new LocalPipeline(source, List.of(stage), sink, 4);
            sink.start();
            source.start();
            pipeline.start();
            try {
                assertTrue(pipeline.await(Duration.ofSeconds(60)), "the clip went through");
                assertNull(pipeline.failure());
            } finally {
                pipeline.stop();
                pipeline.discardLeftovers();
            }
        }
        return display.sequences;
    }

    /**
     * A stage that marks each frame's faces known (none), writes down when it starts and finishes each frame, and
     * drops the frames whose position in the stream is in {@code drop} when it finishes them.
     */
    private static final class Probe implements MapStage {
        final List<String> events = new CopyOnWriteArrayList<>();
        private final List<Long> started = new CopyOnWriteArrayList<>();
        private final Set<Integer> drop;

        Probe(Set<Integer> drop) {
            this.drop = drop;
        }

        @Override
        public String name() {
            return "probe";
        }

        @Override
        public VideoFrame process(VideoFrame frame) throws FrameDropped {
            return start(frame).finish();
        }

        @Override
        public Started start(VideoFrame frame) {
            long sequence = frame.info().sequence();
            int position = started.size();
            started.add(sequence);
            events.add("start " + sequence);
            if (position == 0) {
                pause();
            }
            return () -> {
                events.add("finish " + sequence);
                if (drop.contains(position)) {
                    throw new FrameDropped("dropped by the test", "frame " + position, null);
                }
                return frame.with(frame.info().withFaces(FaceStatus.OK, List.of(), 0));
            };
        }

        List<Long> startedSequences() {
            return List.copyOf(started);
        }

        /** Each frame finished once, in the order started, and never a third started before the first is finished. */
        void assertEachFinishedOnceInOrderWithAtMostTwoInHand() {
            List<Long> finished = new ArrayList<>();
            int inHand = 0;
            for (String event : events) {
                long sequence = Long.parseLong(event.substring(event.indexOf(' ') + 1));
                if (event.startsWith("start")) {
                    inHand++;
                    assertTrue(inHand <= 2, "at most two frames in hand, at " + event + " in " + events);
                } else {
                    inHand--;
                    finished.add(sequence);
                }
            }
            assertEquals(0, inHand, "every frame started was finished");
            assertEquals(started, finished);
        }

        private static void pause() {
            try {
                Thread.sleep(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** The display: keeps the sequence number of every frame it is sent. */
    private static final class Shown implements DisplayLink {
        final List<Long> sequences = new CopyOnWriteArrayList<>();

        @Override
        public void send(FrameInfo frame, Picture picture) {
            sequences.add(frame.sequence());
        }

        @Override
        public String describe() {
            return "the test's list";
        }
    }
}
