package dev.veil.sink;

import com.google.protobuf.ByteString;
import dev.veil.config.Env;
import dev.veil.config.RefusalLog;
import dev.veil.frame.FrameCodec;
import dev.veil.frame.InvalidFrameException;
import dev.veil.frame.JpegCodec;
import dev.veil.frame.StageClock;
import dev.veil.frame.v1.DetectionStatus;
import dev.veil.frame.v1.Frame;
import io.numaproj.numaflow.sinker.Datum;
import io.numaproj.numaflow.sinker.DatumIterator;
import io.numaproj.numaflow.sinker.Response;
import io.numaproj.numaflow.sinker.ResponseList;
import io.numaproj.numaflow.sinker.Sinker;
import java.io.IOException;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.bytedeco.opencv.opencv_core.Mat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sink vertex, the last place a face could leak: every frame leaves it anonymized, or obscured whole when
 * its faces are not known, or not at all. Frames go to the display server (and optionally to MP4 files).
 * A frame the display server does not accept is answered to Numaflow as a failure, so Numaflow retries it; a
 * message that can never be shown safely (not a frame, or a picture that does not decode) is acknowledged,
 * counted and dropped, since retrying cannot repair it.
 */
public final class DisplaySink extends Sinker implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(DisplaySink.class);

    private final SinkConfig config;
    private final Anonymizer anonymizer;
    private final DisplayLink display;
    private final ArchiveWriter archive;
    private final ScheduledExecutorService idleCheck;
    /** A bad sender must not flood the log: one line per kind of drop per window, the rest counted. */
    private final RefusalLog drops = new RefusalLog();

    private final AtomicLong frames = new AtomicLong();
    private final AtomicLong faces = new AtomicLong();
    private final AtomicLong failedClosed = new AtomicLong();
    private final AtomicLong invalid = new AtomicLong();
    private final AtomicLong displayed = new AtomicLong();
    private final AtomicLong postFailures = new AtomicLong();
    private final AtomicLong firstNanos = new AtomicLong();
    private final AtomicLong lastNanos = new AtomicLong();

    /** A sink that shows its frames on the display server named by the configuration, over HTTP. */
    public DisplaySink(SinkConfig config) {
        this(config, new DisplayClient(config.displayUrl(), config.ingestToken(), config.postTimeout(),
                config.anonymizer().mode()));
    }

    /** A sink that shows its frames through {@code display} ({@code veil run}: a display server in this process). */
    public DisplaySink(SinkConfig config, DisplayLink display) {
        this.config = config;
        this.anonymizer = new Anonymizer(config.anonymizer());
        this.display = display;
        if (config.outputDir().isPresent()) {
            archive = new ArchiveWriter(new SegmentArchive(config.outputDir().get(), config.segmentLength(),
                    config.outputFps()));
            // A stream that stops must still see its last segment finished, with no frame to trigger it.
            idleCheck = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "sink-archive-idle");
                t.setDaemon(true);
                return t;
            });
            idleCheck.scheduleWithFixedDelay(this::finishIdleSegments, 1, 1, TimeUnit.SECONDS);
        } else {
            archive = config.outputFile().map(f -> new ArchiveWriter(new SingleFileArchive(f, config.outputFps())))
                    .orElse(null);
            idleCheck = null;
        }
        if (!config.anonymizer().mode().hidesFaces()) {
            log.atError().addKeyValue(AnonymizerConfig.MODE.name(), Env.spelling(config.anonymizer().mode()))
                    .addKeyValue(AnonymizerConfig.SHOW_FACES.name(), true)
                    .log("FACES ARE NOT ANONYMIZED: debugging mode, every face is shown with a box around it."
                            + " Never run it on real people's video");
        }
    }

    @Override
    public ResponseList processMessages(DatumIterator datums) {
        ResponseList.ResponseListBuilder responses = ResponseList.newBuilder();
        while (true) {
            Datum datum;
            try {
                datum = datums.next();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            if (datum == null) {
                break;
            }
            responses.addResponse(handle(datum));
        }
        return responses.build();
    }

    public SinkStats stats() {
        return new SinkStats(frames.get(), faces.get(), failedClosed.get(), invalid.get(), displayed.get(),
                postFailures.get(), archive == null ? 0 : archive.framesWritten(),
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

    private Response handle(Datum datum) {
        long start = StageClock.nowMicros();
        try {
            return treat(datum, start);
        } finally {
            long now = System.nanoTime();
            firstNanos.compareAndSet(0, now);
            lastNanos.set(now);
        }
    }

    private Response treat(Datum datum, long start) {
        frames.incrementAndGet();
        final Frame frame;
        try {
            frame = FrameCodec.decode(datum.getValue());
        } catch (InvalidFrameException e) {
            // Nothing in it can be shown safely, and retrying cannot make it valid: acknowledge and drop.
            invalid.incrementAndGet();
            drops.warn(log, "message dropped: not a valid frame", w -> w.addKeyValue("id", datum.getId())
                    .addKeyValue("reason", e.getMessage()));
            return Response.responseOK(datum.getId());
        }
        // A carried frame's faces are known too: the inference vertex carries them only into a picture that changed
        // no more than their motion explains (and FrameCodec refuses a carried frame that does not say how old they are).
        boolean facesKnown = frame.getDetectionStatus() == DetectionStatus.DETECTION_STATUS_OK
                || frame.getDetectionStatus() == DetectionStatus.DETECTION_STATUS_CARRIED;
        if (!facesKnown) {
            failedClosed.incrementAndGet();
            drops.warn(log, "faces unknown, failing closed", w -> w.addKeyValue("stream", frame.getStreamId())
                    .addKeyValue("sequence", frame.getSequence()).addKeyValue("status", frame.getDetectionStatus())
                    .addKeyValue("error", frame.getDetectionError()).addKeyValue("policy", config.onFailure()));
            if (config.onFailure() == FailurePolicy.DROP) {
                return Response.responseOK(datum.getId());
            }
        }
        Optional<Frame> safe;
        try {
            safe = makeSafe(frame, facesKnown);
        } catch (RuntimeException e) {
            // The picture could not be treated: it is shown to no one. Retrying the same bytes would fail the
            // same way and hold up the stream, so it is acknowledged.
            failedClosed.incrementAndGet();
            log.atError().addKeyValue("stream", frame.getStreamId()).addKeyValue("sequence", frame.getSequence())
                    .addKeyValue("reason", String.valueOf(e.getMessage())).log("frame withheld: could not anonymize");
            return Response.responseOK(datum.getId());
        }
        if (safe.isEmpty()) {
            return Response.responseOK(datum.getId());
        }
        try {
            Frame out = safe.get().toBuilder().addStages(StageClock.stage(StageClock.SINK, start)).build();
            display.send(out);
            displayed.incrementAndGet();
            return Response.responseOK(datum.getId());
        } catch (IOException | InvalidFrameException e) {
            postFailures.incrementAndGet();
            drops.warn(log, "display did not take the frame, Numaflow will retry", w -> w
                    .addKeyValue("stream", frame.getStreamId()).addKeyValue("sequence", frame.getSequence())
                    .addKeyValue("display", display.describe()).addKeyValue("reason", String.valueOf(e.getMessage())));
            return Response.responseFailure(datum.getId(), "display: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Response.responseFailure(datum.getId(), "interrupted while sending to the display");
        }
    }

    /**
     * The frame as it may be shown: faces anonymized, or the whole picture obscured when its faces are not
     * known; empty when its picture does not decode (there is nothing that could be made safe). Writes the safe
     * picture to the archive on the way.
     */
    private Optional<Frame> makeSafe(Frame frame, boolean facesKnown) {
        Mat image;
        try {
            // Always decoded, even with no face to hide: what leaves is then a picture this sink has seen.
            image = JpegCodec.decode(frame.getJpeg().toByteArray());
        } catch (InvalidFrameException e) {
            invalid.incrementAndGet();
            drops.warn(log, "frame dropped: its picture does not decode", w -> w.addKeyValue("stream", frame.getStreamId())
                    .addKeyValue("sequence", frame.getSequence()).addKeyValue("reason", e.getMessage()));
            return Optional.empty();
        }
        boolean handedOver = false;
        try {
            boolean changed;
            if (facesKnown) {
                changed = anonymizer.hide(image, frame.getDetectionsList()) > 0;
                faces.addAndGet(frame.getDetectionsCount());
            } else {
                dev.veil.frame.WholeFrameFallback.apply(image);
                changed = true;
            }
            Frame safe = frame;
            if (changed) {
                byte[] jpeg = JpegCodec.encode(image, config.jpegQuality());
                safe = frame.toBuilder().setJpeg(ByteString.copyFrom(jpeg)).setWidth(image.cols())
                        .setHeight(image.rows()).build();
            }
            handedOver = archive(frame, image);
            return Optional.of(safe);
        } finally {
            if (!handedOver) {
                image.close();
            }
        }
    }

    /**
     * Hands the safe picture to the archive, which closes it once written; false when there is no archive (the
     * caller keeps the picture). Waits while the archive is behind.
     */
    private boolean archive(Frame frame, Mat image) {
        if (archive == null) {
            return false;
        }
        try {
            archive.write(frame, image);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            log.atWarn().addKeyValue("stream", frame.getStreamId()).addKeyValue("sequence", frame.getSequence())
                    .log("frame not archived: interrupted");
        } catch (IllegalStateException e) {
            log.atWarn().addKeyValue("stream", frame.getStreamId()).addKeyValue("sequence", frame.getSequence())
                    .addKeyValue("reason", e.getMessage()).log("frame not archived");
        }
        return true;
    }
}
