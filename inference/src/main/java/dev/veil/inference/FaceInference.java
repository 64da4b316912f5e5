package dev.veil.inference;

import dev.veil.config.RefusalLog;
import dev.veil.frame.InvalidFrameException;
import dev.veil.frame.StageClock;
import dev.veil.inference.detect.Face;
import dev.veil.inference.detect.FaceDetector;
import dev.veil.inference.detect.Landmark;
import dev.veil.inference.gpu.GpuFailure;
import dev.veil.inference.network.FailureReason;
import dev.veil.inference.tracking.FaceTracker;
import dev.veil.inference.tracking.PictureChange;
import dev.veil.inference.tracking.SearchCadence;
import dev.veil.inference.tracking.Thumbnail;
import dev.veil.inference.tracking.TrackedFace;
import dev.veil.inference.tracking.TrackingConfig;
import dev.veil.stage.FaceBox;
import dev.veil.stage.FaceStatus;
import dev.veil.stage.FrameInfo;
import dev.veil.stage.MapStage;
import dev.veil.stage.Placement;
import dev.veil.stage.VideoFrame;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicLong;
import org.bytedeco.opencv.opencv_core.Mat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The inference stage: finds the faces in each frame and passes the frame on with them; the picture goes on
 * untouched (never re-encoded). A frame whose detection fails is still passed on, marked FAILED, so that the sink
 * fails closed instead of never hearing of it. Nothing is thrown for a frame: its failure is the frame's status.
 *
 * <p>Batching: in the cluster, numaflow-java hands each message of a Numaflow read batch to the vertex on a thread of
 * its own, at the same time; the pictures are decoded on those threads and meet in a {@link DetectionBatcher}, which
 * detects them in one engine call. (numaflow-java 0.9.2's {@code BatchMapper} would hand over the batch as such, but
 * its server ends the gRPC stream after the first batch, so a vertex built on it stalls; see docs/inference.md.)
 *
 * <p>Faces are followed over time ({@link FaceTracker}): each frame reports the faces found in it and those found
 * shortly before and missed now, held where their motion takes them. With a cadence ({@code VEIL_DETECT_EVERY}), a
 * frame between two detections carries the tracks' faces instead, marked CARRIED, unless its picture changed more
 * than motion explains ({@link PictureChange}): then it is detected.
 *
 * <p>A {@link GpuFailure} fails the frames of its batch like any detection failure, and completes
 * {@link #firstGpuFailure()}: the vertex exits so that Kubernetes restarts it with a fresh CUDA context.
 */
public final class FaceInference implements MapStage, AutoCloseable {

    /** The detector's thread, which runs the network (per-thread CPU, such as {@code veil run}'s, goes by it). */
    public static final String DETECTOR_THREAD = "veil-detector";

    private static final Logger log = LoggerFactory.getLogger(FaceInference.class);

    private final FaceDetector detector;
    private final DetectionBatcher batcher;
    private final CompletableFuture<GpuFailure> firstGpuFailure = new CompletableFuture<>();
    private final AtomicLong frames = new AtomicLong();
    private final AtomicLong faces = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong carried = new AtomicLong();
    private final AtomicLong held = new AtomicLong();
    private final AtomicLong changedPictures = new AtomicLong();
    private final AtomicLong coarseSearches = new AtomicLong();
    /** A bad sender must not flood the log: one line per kind of drop per window, the rest counted. */
    private final RefusalLog drops = new RefusalLog();
    private final TrackingConfig tracking;
    private final FaceTracker tracker;
    private final SearchCadence cadence;

    /**
     * Frames that arrive together are detected together, up to {@value InferenceConfig#DEFAULT_BATCH_SIZE}, with no
     * waiting for more; every frame is detected and faces are held {@value TrackingConfig#DEFAULT_HOLD_FRAMES} frames.
     *
     * @param detector shared, not closed by this stage (its owner closes it)
     */
    public FaceInference(FaceDetector detector) {
        this(detector, InferenceConfig.DEFAULT_BATCH_SIZE, Duration.ZERO, TrackingConfig.defaults());
    }

    /**
     * Faces followed as {@code tracking} says: held after the detector last found them, and carried into the frames
     * it is not run on ({@code detectEvery} > 1).
     *
     * @param detector  shared, not closed by this stage (its owner closes it)
     * @param batchSize most frames per detector call
     * @param batchWait how long the first frame of a batch waits for more
     */
    public FaceInference(FaceDetector detector, int batchSize, Duration batchWait, TrackingConfig tracking) {
        this.detector = detector;
        this.batcher = new DetectionBatcher(detector, batchSize, batchWait);
        this.tracking = tracking;
        this.tracker = new FaceTracker(tracking.holdFrames());
        this.cadence = new SearchCadence(tracking.fullSearchEvery());
    }

    /**
     * Completes on the first {@link GpuFailure}, once that batch's frames were passed on FAILED: the vertex then exits
     * for Kubernetes to restart it with a fresh CUDA context ({@link RestartAfterGpuFailure}).
     */
    public CompletionStage<GpuFailure> firstGpuFailure() {
        return firstGpuFailure;
    }

    @Override
    public String name() {
        return StageClock.INFERENCE;
    }

    @Override
    public VideoFrame process(VideoFrame frame) {
        return start(frame).finish();
    }

    /**
     * Hands the frame to the detector and returns at once; {@link Detection#finish} follows its faces and passes it
     * on. So the detector can search the next frame while the tracker follows this one's faces. With a cadence
     * ({@code VEIL_DETECT_EVERY} > 1), whether a frame is detected at all depends on the detection before it: then
     * all of it is done in finish.
     */
    @Override
    public Detection start(VideoFrame frame) {
        frames.incrementAndGet();
        return tracking.carries() ? new Detection(frame, null, false, null) : detect(frame, null);
    }

    private Detection detect(VideoFrame frame, Thumbnail picture) {
        FrameInfo info = frame.info();
        boolean coarse = detector.hasCoarseSearch() && tracking.fullSearchEvery() > 1
                && cadence.coarse(info.streamId(), info.sequence());
        DetectionBatcher.Queued queued;
        try {
            queued = batcher.submit(frame.picture().pixels(), coarse);
        } catch (InvalidFrameException | RuntimeException e) {
            return new Detection(frame, picture, coarse, null, e);
        }
        return new Detection(frame, picture, coarse, queued);
    }

    /**
     * A frame of {@link #start}: its detection under way (or, with a cadence, not yet decided). Finish each once, a
     * stream's frames in the order they were started.
     */
    public final class Detection implements MapStage.Started {
        private final VideoFrame frame;
        private final Thumbnail picture;
        private final boolean coarse;
        /** Null while a cadence has not yet decided whether the frame is detected. */
        private final DetectionBatcher.Queued queued;
        private final Exception notQueued;

        private Detection(VideoFrame frame, Thumbnail picture, boolean coarse, DetectionBatcher.Queued queued) {
            this(frame, picture, coarse, queued, null);
        }

        private Detection(VideoFrame frame, Thumbnail picture, boolean coarse, DetectionBatcher.Queued queued,
                          Exception notQueued) {
            this.frame = frame;
            this.picture = picture;
            this.coarse = coarse;
            this.queued = queued;
            this.notQueued = notQueued;
        }

        /** Waits for the frame's faces, follows them, and returns the frame with its faces (or FAILED); never throws. */
        @Override
        public VideoFrame finish() {
            FrameInfo info = frame.info();
            if (notQueued != null) {
                return failedFrame(notQueued);
            }
            try {
                if (queued == null) {
                    Thumbnail thumbnail = Thumbnail.of(frame.picture());
                    var carriedFaces = carry(info, thumbnail);
                    if (carriedFaces.isPresent()) {
                        // No full decode, no model run: this is where detecting every Nth frame saves its time.
                        carried.incrementAndGet();
                        return frame.with(info.withFaces(FaceStatus.CARRIED, report(carriedFaces.get().faces()),
                                carriedFaces.get().carriedFrames()).withDetectedOn(detector.placement()));
                    }
                    return detect(frame, thumbnail).finish();
                }
                List<Face> found = queued.faces();
                List<TrackedFace> tracked = tracker.detected(info.streamId(), info.sequence(), found, picture);
                if (coarse) {
                    coarseSearches.incrementAndGet();
                }
                return frame.with(info.withFaces(FaceStatus.OK, report(tracked), 0)
                        .withDetectedOn(detector.placement()));
            } catch (InvalidFrameException | RuntimeException e) {
                return failedFrame(e);
            }
        }

        /** The frame passed on FAILED, for the sink to fail closed. */
        private VideoFrame failedFrame(Exception e) {
            FrameInfo info = frame.info();
            boolean fullSearchChosen = (queued != null || notQueued != null) && !coarse;
            if (fullSearchChosen) {
                cadence.failed(info.streamId(), info.sequence());
            }
            failed.incrementAndGet();
            String reason = FailureReason.of(e);
            drops.warn(log, "detection failed, frame forwarded as FAILED", w -> w
                    .addKeyValue("stream", info.streamId()).addKeyValue("sequence", info.sequence())
                    .addKeyValue("detector", detector.describe()).addKeyValue("reason", reason));
            if (e instanceof GpuFailure gpu) {
                firstGpuFailure.complete(gpu);
            }
            return frame.with(info.withDetectionFailed(reason).withDetectedOn(detector.placement()));
        }
    }

    /**
     * The faces this frame carries from its stream's last detection, or empty when the detector must run on it: the
     * cadence does not allow carrying here, or the picture changed more than motion explains (a cut, someone
     * stepping in).
     */
    private Optional<FaceTracker.Prediction> carry(FrameInfo frame, Thumbnail picture) {
        if (!tracking.carries()) {
            return Optional.empty();
        }
        var prediction = tracker.carry(frame.streamId(), frame.sequence(), tracking.detectEvery() - 1);
        if (prediction.isEmpty()) {
            return prediction;
        }
        var before = tracker.reference(frame.streamId());
        if (before.isEmpty() || PictureChange.changed(before.get(), picture, prediction.get().carriedFrames())) {
            changedPictures.incrementAndGet();
            return Optional.empty();
        }
        return prediction;
    }

    /** The faces of a frame as it reports them, counted. */
    private List<FaceBox> report(List<TrackedFace> found) {
        List<FaceBox> out = new ArrayList<>(found.size());
        for (TrackedFace f : found) {
            out.add(toBox(f));
            if (f.heldFrames() > 0) {
                held.incrementAndGet();
            }
        }
        faces.addAndGet(found.size());
        return out;
    }

    static FaceBox toBox(TrackedFace tracked) {
        Face face = tracked.face();
        List<FaceBox.Point> landmarks = new ArrayList<>(face.landmarks().size());
        for (Landmark p : face.landmarks()) {
            landmarks.add(new FaceBox.Point(p.x(), p.y()));
        }
        return new FaceBox(face.xMin(), face.yMin(), face.xMax(), face.yMax(), face.score(), landmarks,
                tracked.heldFrames());
    }

    public InferenceStats stats() {
        return new InferenceStats(frames.get(), faces.get(), failed.get(), batcher.batches(),
                carried.get(), held.get(), changedPictures.get(), coarseSearches.get());
    }

    /** Stops detecting: frames still waiting fail (and are passed on FAILED). The detector stays open. */
    @Override
    public void close() {
        batcher.close();
    }
}
