package dev.veil.sink;

import dev.veil.config.Env;
import dev.veil.config.RefusalLog;
import dev.veil.frame.InvalidFrameException;
import dev.veil.frame.StageClock;
import dev.veil.frame.WholeFrameFallback;
import dev.veil.stage.FrameInfo;
import dev.veil.stage.Picture;
import dev.veil.stage.VideoFrame;
import java.io.IOException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.bytedeco.opencv.opencv_core.Mat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sink stage, the last place a face could leak: every frame leaves it anonymized, or obscured whole when its
 * faces are not known, or not at all. Frames go to a display and, optionally, to MP4 files. It knows nothing of
 * Numaflow or the wire format: {@link DisplaySink} puts it behind Numaflow's sink role, and {@code veil run} hands it
 * decoded pictures.
 */
public final class AnonymizingSink implements AutoCloseable {

    /** The thread that encodes and writes the output files (per-thread CPU, such as {@code veil run}'s, goes by it). */
    public static final String ARCHIVE_THREAD = "sink-archive";

    private static final Logger log = LoggerFactory.getLogger(AnonymizingSink.class);

    /** What became of a frame. */
    public enum Delivery {
        /** Made safe and shown. */
        SHOWN,
        /** Shown to no one, for good: its picture does not decode or cannot be treated, or the policy drops it. */
        WITHHELD,
        /** Made safe, but the display did not take it (it may take it if sent again). */
        DISPLAY_REFUSED
    }

    /** @param reason why the display did not take it, else empty */
    public record Outcome(Delivery delivery, String reason) {
        static final Outcome SHOWN = new Outcome(Delivery.SHOWN, "");
        static final Outcome WITHHELD = new Outcome(Delivery.WITHHELD, "");
    }

    private final SinkConfig config;
    private final Anonymizer anonymizer;
    private final DisplayLink display;
    private final ArchiveWriter archive;
    private ScheduledExecutorService idleCheck;
    /** One line per kind of problem per window, the rest counted. */
    private final RefusalLog drops = new RefusalLog();

    private final AtomicLong frames = new AtomicLong();
    private final AtomicLong faces = new AtomicLong();
    private final AtomicLong failedClosed = new AtomicLong();
    private final AtomicLong undecodable = new AtomicLong();
    private final AtomicLong displayed = new AtomicLong();
    private final AtomicLong refusedByDisplay = new AtomicLong();
    private final AtomicLong firstNanos = new AtomicLong();
    private final AtomicLong lastNanos = new AtomicLong();

    /** A sink that shows its frames through {@code display}; {@link #start()} it before the first frame. */
    public AnonymizingSink(SinkConfig config, DisplayLink display) {
        this.config = config;
        this.anonymizer = new Anonymizer(config.anonymizer());
        this.display = display;
        if (config.outputDir().isPresent()) {
            archive = new ArchiveWriter(new SegmentArchive(config.outputDir().get(), config.segmentLength(),
                    config.outputFps(), config.h264Encoder()));
        } else {
            archive = config.outputFile().map(f -> new ArchiveWriter(new SingleFileArchive(f, config.outputFps(),
                    config.h264Encoder())))
                    .orElse(null);
        }
    }

    /** Starts what runs beside the frames: the check that finishes a stopped stream's last segment. */
    public synchronized AnonymizingSink start() {
        if (!config.anonymizer().mode().hidesFaces()) {
            log.atError().addKeyValue(AnonymizerConfig.MODE.name(), Env.spelling(config.anonymizer().mode()))
                    .addKeyValue(AnonymizerConfig.SHOW_FACES.name(), true)
                    .log("FACES ARE NOT ANONYMIZED: debugging mode, every face is shown with a box around it."
                            + " Never run it on real people's video");
        }
        if (config.outputDir().isPresent() && idleCheck == null) {
            // A stream that stops must still see its last segment finished, with no frame to trigger it.
            idleCheck = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "sink-archive-idle");
                t.setDaemon(true);
                return t;
            });
            idleCheck.scheduleWithFixedDelay(this::finishIdleSegments, 1, 1, TimeUnit.SECONDS);
        }
        return this;
    }

    /**
     * Makes one frame safe and shows it (and writes it to the archive). The frame stays the caller's, who closes it;
     * its picture may have been handed to the archive meanwhile.
     */
    public Outcome deliver(VideoFrame frame) {
        long start = StageClock.nowMicros();
        try {
            return treat(frame, start);
        } finally {
            long now = System.nanoTime();
            firstNanos.compareAndSet(0, now);
            lastNanos.set(now);
        }
    }

    private Outcome treat(VideoFrame frame, long start) {
        frames.incrementAndGet();
        FrameInfo info = frame.info();
        // A carried frame's faces are known too: the inference stage carries them only into a picture that changed
        // no more than their motion explains (and the wire format refuses a carried frame that does not say how old
        // they are).
        boolean facesKnown = info.status().known();
        if (!facesKnown) {
            failedClosed.incrementAndGet();
            drops.warn(log, "faces unknown, failing closed", w -> w.addKeyValue("stream", info.streamId())
                    .addKeyValue("sequence", info.sequence()).addKeyValue("status", info.status())
                    .addKeyValue("error", info.detectionError()).addKeyValue("policy", config.onFailure()));
            if (config.onFailure() == FailurePolicy.DROP) {
                return Outcome.WITHHELD;
            }
        }
        Picture picture = frame.picture();
        Mat image;
        try {
            // Always decoded, even with no face to hide: what leaves is then a picture this sink has seen.
            image = picture.pixels();
        } catch (InvalidFrameException e) {
            undecodable.incrementAndGet();
            drops.warn(log, "frame dropped: its picture does not decode", w -> w.addKeyValue("stream", info.streamId())
                    .addKeyValue("sequence", info.sequence()).addKeyValue("reason", e.getMessage()));
            return Outcome.WITHHELD;
        }
        try {
            if (facesKnown) {
                if (anonymizer.hide(image, info.faces()) > 0) {
                    picture.changed();
                }
                faces.addAndGet(info.faces().size());
            } else {
                WholeFrameFallback.apply(image);
                picture.changed();
            }
        } catch (RuntimeException e) {
            // The picture could not be treated: it is shown to no one, and sending it again would fail the same way.
            failedClosed.incrementAndGet();
            log.atError().addKeyValue("stream", info.streamId()).addKeyValue("sequence", info.sequence())
                    .addKeyValue("reason", String.valueOf(e.getMessage())).log("frame withheld: could not anonymize");
            return Outcome.WITHHELD;
        }
        FrameInfo safe = info.withStage(StageClock.SINK, start);
        Outcome outcome = show(safe, picture);
        archive(safe, picture);
        return outcome;
    }

    private Outcome show(FrameInfo safe, Picture picture) {
        try {
            display.send(safe, picture);
            displayed.incrementAndGet();
            return Outcome.SHOWN;
        } catch (IOException | InvalidFrameException e) {
            refusedByDisplay.incrementAndGet();
            drops.warn(log, "display did not take the frame", w -> w.addKeyValue("stream", safe.streamId())
                    .addKeyValue("sequence", safe.sequence()).addKeyValue("display", display.describe())
                    .addKeyValue("reason", String.valueOf(e.getMessage())));
            return new Outcome(Delivery.DISPLAY_REFUSED, "display: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Outcome(Delivery.DISPLAY_REFUSED, "interrupted while sending to the display");
        }
    }

    /**
     * Hands the safe picture to the archive, which writes it once (a frame sent again after the display refused it
     * is refused by the archive's order check) and closes it. Waits while the archive is behind.
     */
    private void archive(FrameInfo safe, Picture picture) {
        if (archive == null) {
            return;
        }
        try {
            archive.write(safe, picture.takePixels());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            log.atWarn().addKeyValue("stream", safe.streamId()).addKeyValue("sequence", safe.sequence())
                    .log("frame not archived: interrupted");
        } catch (InvalidFrameException | IllegalStateException e) {
            log.atWarn().addKeyValue("stream", safe.streamId()).addKeyValue("sequence", safe.sequence())
                    .addKeyValue("reason", e.getMessage()).log("frame not archived");
        }
    }

    public SinkStats stats() {
        return new SinkStats(frames.get(), faces.get(), failedClosed.get(), undecodable.get(), displayed.get(),
                refusedByDisplay.get(), archive == null ? 0 : archive.framesWritten(),
                archive == null ? 0 : archive.errors(), firstNanos.get(), lastNanos.get());
    }

    /** Finishes the output files, if any. */
    @Override
    public synchronized void close() throws IOException {
        if (idleCheck != null) {
            idleCheck.shutdownNow();
        }
        if (archive != null) {
            archive.close();
        }
    }

    private void finishIdleSegments() {
        try {
            archive.finishIdle();
        } catch (RuntimeException e) {
            // A scheduled task that throws is never run again.
            log.atWarn().addKeyValue("reason", e.toString()).log("finishing idle segments failed");
        }
    }
}
