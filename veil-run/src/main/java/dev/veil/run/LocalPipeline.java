package dev.veil.run;

import dev.veil.config.RefusalLog;
import dev.veil.frame.StageClock;
import dev.veil.sink.AnonymizingSink;
import dev.veil.source.VideoSource;
import dev.veil.stage.FrameDropped;
import dev.veil.stage.MapStage;
import dev.veil.stage.VideoFrame;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The pipeline's stages in one process, on decoded pictures: the source's pictures go through each map stage and into
 * the sink with no JPEG, protobuf or HTTP between them. One thread per stage, joined by bounded queues (Numaflow's
 * inter-step buffers in miniature): a full queue blocks the stage before it, so backpressure reaches the source as it
 * does in the cluster, and each stage sees a stream's frames in order.
 */
final class LocalPipeline {

    private static final Logger log = LoggerFactory.getLogger(LocalPipeline.class);
    /** Marks the end of the input in a queue; never processed. */
    private static final VideoFrame END = new VideoFrame(null, null);
    private static final int READ_BATCH = 8;
    private static final Duration READ_TIMEOUT = Duration.ofMillis(200);
    /** The threads' names, which per-thread CPU ({@link CpuByPart}) goes by. */
    static final String SOURCE_THREAD = "local-source";
    static final String SINK_THREAD = "local-sink";

    private final VideoSource source;
    private final List<MapStage> stages;
    private final AnonymizingSink sink;
    private final List<BlockingQueue<VideoFrame>> buffers = new ArrayList<>();
    private final List<Thread> threads = new ArrayList<>();
    private final CountDownLatch finished = new CountDownLatch(1);
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    /** One line per kind of drop per window, as the cluster's vertices log them. */
    private final RefusalLog drops = new RefusalLog();
    private final AtomicLong notShown = new AtomicLong();
    private volatile boolean stopping;

    /** @param source a source made {@link VideoSource#ofPictures} */
    LocalPipeline(VideoSource source, List<MapStage> stages, AnonymizingSink sink, int bufferFrames) {
        this.source = source;
        this.stages = List.copyOf(stages);
        this.sink = sink;
        for (int i = 0; i <= stages.size(); i++) {
            buffers.add(new ArrayBlockingQueue<>(bufferFrames));
        }
    }

    /** The name of the thread that runs the map stage named {@code stage}. */
    static String stageThread(String stage) {
        return "local-" + stage;
    }

    void start() {
        threads.add(new Thread(this::runSource, SOURCE_THREAD));
        for (int i = 0; i < stages.size(); i++) {
            int stage = i;
            threads.add(new Thread(() -> runStage(stage), stageThread(stages.get(i).name())));
        }
        threads.add(new Thread(this::runSink, SINK_THREAD));
        threads.forEach(t -> {
            t.setDaemon(true);
            t.start();
        });
    }

    /** Stops reading new frames; what is already in the pipeline still goes through. */
    void stop() {
        stopping = true;
    }

    /** Waits until the last frame went through the sink (or a stage failed). */
    boolean await(Duration timeout) throws InterruptedException {
        return finished.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** A stage that broke its contract (threw), which would have restarted its vertex in the cluster. */
    Throwable failure() {
        return failure.get();
    }

    /** Frames made safe that the display did not take. */
    long notShown() {
        return notShown.get();
    }

    /** Releases the pictures still queued after a stop or a failure. */
    void discardLeftovers() {
        for (BlockingQueue<VideoFrame> buffer : buffers) {
            List<VideoFrame> left = new ArrayList<>();
            buffer.drainTo(left);
            left.stream().filter(f -> f != END).forEach(VideoFrame::close);
        }
    }

    private void runSource() {
        BlockingQueue<VideoFrame> out = buffers.get(0);
        try {
            while (!stopping && !source.isExhausted()) {
                for (VideoFrame frame : source.takePictures(READ_BATCH, READ_TIMEOUT)) {
                    out.put(frame);
                }
            }
            out.put(END);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            fail("source", e);
        }
    }

    private void runStage(int index) {
        BlockingQueue<VideoFrame> in = buffers.get(index);
        BlockingQueue<VideoFrame> out = buffers.get(index + 1);
        MapStage stage = stages.get(index);
        // When the next frame is already waiting, it is started before the one in hand is finished: the inference
        // stage's detector then searches it while the tracker follows the faces of the one before. A frame is never
        // held back to wait for the next one.
        InFlight inHand = null;
        try {
            while (true) {
                VideoFrame frame = inHand == null ? in.take() : in.poll();
                if (frame == null) {
                    pass(stage, inHand, out);
                    inHand = null;
                    continue;
                }
                if (frame == END) {
                    if (inHand != null) {
                        pass(stage, inHand, out);
                    }
                    out.put(END);
                    return;
                }
                long start = StageClock.nowMicros();
                MapStage.Started started;
                try {
                    started = stage.start(frame);
                } catch (RuntimeException e) {
                    frame.close();
                    throw e;
                }
                if (inHand != null) {
                    pass(stage, inHand, out);
                }
                inHand = new InFlight(frame, started, start);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            fail(stage.name(), e);
        }
    }

    /** A frame a stage started and has not finished; its time in the stage counts from {@code startMicros}. */
    private record InFlight(VideoFrame frame, MapStage.Started started, long startMicros) {
    }

    /** Finishes a frame and passes it on, or drops it as the stage's vertex drops the message in the cluster. */
    private void pass(MapStage stage, InFlight f, BlockingQueue<VideoFrame> out) throws InterruptedException {
        VideoFrame next;
        try {
            next = f.started().finish();
        } catch (FrameDropped e) {
            drops.warn(log, "frame dropped: " + e.event(), w -> w.addKeyValue("stage", stage.name())
                    .addKeyValue("frame", f.frame().info().where()).addKeyValue("reason", e.getMessage()));
            f.frame().close();
            return;
        } catch (RuntimeException e) {
            f.frame().close();
            throw e;
        }
        out.put(next.with(next.info().withStage(stage.name(), f.startMicros())));
    }

    private void runSink() {
        BlockingQueue<VideoFrame> in = buffers.get(buffers.size() - 1);
        try {
            while (true) {
                VideoFrame frame = in.take();
                if (frame == END) {
                    return;
                }
                try (frame) {
                    if (sink.deliver(frame).delivery() == AnonymizingSink.Delivery.DISPLAY_REFUSED) {
                        notShown.incrementAndGet();
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            fail("sink", e);
        } finally {
            finished.countDown();
        }
    }

    private void fail(String stage, RuntimeException e) {
        failure.compareAndSet(null, e);
        log.atError().addKeyValue("stage", stage).addKeyValue("error", e.toString())
                .log("a stage threw; in Numaflow its pod would restart. Stopping.");
        stopping = true;
        finished.countDown();
    }
}
