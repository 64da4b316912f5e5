package dev.veil.inference;

import dev.veil.config.RefusalLog;
import dev.veil.frame.FrameCodec;
import dev.veil.frame.InvalidFrameException;
import dev.veil.frame.JpegCodec;
import dev.veil.frame.StageClock;
import dev.veil.frame.v1.Detection;
import dev.veil.frame.v1.DetectionStatus;
import dev.veil.frame.v1.Frame;
import dev.veil.frame.v1.Point;
import dev.veil.inference.gpu.GpuFailure;
import io.numaproj.numaflow.mapper.Datum;
import io.numaproj.numaflow.mapper.Mapper;
import io.numaproj.numaflow.mapper.Message;
import io.numaproj.numaflow.mapper.MessageList;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.bytedeco.opencv.opencv_core.Mat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The inference vertex: finds the faces in each frame and forwards the frame with them. The JPEG goes on
 * untouched (never re-encoded). Bytes that are not a frame are dropped and counted; a frame whose detection
 * fails is still forwarded, marked FAILED, so that the sink fails closed instead of never hearing of it.
 * Nothing is ever thrown out of {@link #processMessage}: the SDK would end the process.
 *
 * <p>Batching: numaflow-java hands each message of a Numaflow read batch to this handler on a thread of its own,
 * at the same time; the JPEGs are decoded on those threads and the pictures meet in a {@link DetectionBatcher},
 * which detects them in one engine call. (numaflow-java 0.9.2's {@code BatchMapper} would hand over the batch as
 * such, but its server ends the gRPC stream after the first batch, so a vertex built on it stalls; see
 * docs/inference.md.)
 *
 * <p>Faces are followed over time ({@link FaceTracker}): each frame reports the faces found in it and those found
 * shortly before and missed now, held where their motion takes them. With a cadence ({@code VEIL_DETECT_EVERY}), a
 * frame between two detections carries the tracks' faces instead, marked {@code DETECTION_STATUS_CARRIED}, unless its
 * picture changed more than motion explains ({@link PictureChange}): then it is detected.
 *
 * <p>A {@link GpuFailure} fails the frames of its batch like any detection failure, and also calls the handler's
 * GPU failure action once: the vertex exits so that Kubernetes restarts it with a fresh CUDA context.
 */
public final class FaceInference extends Mapper implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(FaceInference.class);

    private final FaceDetector detector;
    private final DetectionBatcher batcher;
    private final Runnable onGpuFailure;
    private final AtomicBoolean gpuFailed = new AtomicBoolean();
    private final AtomicLong frames = new AtomicLong();
    private final AtomicLong faces = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong invalid = new AtomicLong();
    private final AtomicLong carried = new AtomicLong();
    private final AtomicLong held = new AtomicLong();
    private final AtomicLong changedPictures = new AtomicLong();
    private final AtomicLong coarseSearches = new AtomicLong();
    /** A bad sender must not flood the log: one line per kind of drop per window, the rest counted. */
    private final RefusalLog drops = new RefusalLog();
    private final TrackingConfig tracking;
    private final FaceTracker tracker;

    /**
     * Frames that arrive together are detected together, up to {@value InferenceConfig#DEFAULT_BATCH_SIZE}, with no
     * waiting for more; a GPU failure only fails its frames; every frame is detected and faces are held
     * {@value TrackingConfig#DEFAULT_HOLD_FRAMES} frames.
     *
     * @param detector shared, not closed by this handler (its owner closes it)
     */
    public FaceInference(FaceDetector detector) {
        this(detector, InferenceConfig.DEFAULT_BATCH_SIZE, Duration.ZERO, () -> {
        });
    }

    /**
     * @param detector     shared, not closed by this handler (its owner closes it)
     * @param batchSize    most frames per detector call
     * @param batchWait    how long the first frame of a batch waits for more
     * @param onGpuFailure run once, on the first {@link GpuFailure}, after that batch's frames are answered FAILED
     */
    public FaceInference(FaceDetector detector, int batchSize, Duration batchWait, Runnable onGpuFailure) {
        this(detector, batchSize, batchWait, onGpuFailure, TrackingConfig.defaults());
    }

    /**
     * As above, following faces as {@code tracking} says: held after the detector last found them, and carried
     * into the frames it is not run on ({@code detectEvery} > 1).
     */
    public FaceInference(FaceDetector detector, int batchSize, Duration batchWait, Runnable onGpuFailure,
                         TrackingConfig tracking) {
        this.detector = detector;
        this.batcher = new DetectionBatcher(detector, batchSize, batchWait);
        this.onGpuFailure = onGpuFailure;
        this.tracking = tracking;
        this.tracker = new FaceTracker(tracking.holdFrames());
    }

    @Override
    public MessageList processMessage(String[] keys, Datum datum) {
        try {
            return MessageList.newBuilder().addMessage(handle(keys, datum.getValue())).build();
        } catch (RuntimeException e) {
            // Only a bug gets here; the frame is lost, never shown unblurred.
            invalid.incrementAndGet();
            log.atError().addKeyValue("error", e.toString()).setCause(e).log("message dropped by an unexpected error");
            return MessageList.newBuilder().addMessage(Message.toDrop()).build();
        }
    }

    private Message handle(String[] keys, byte[] value) {
        long start = StageClock.nowMicros();
        final Frame frame;
        try {
            frame = FrameCodec.decode(value);
        } catch (InvalidFrameException e) {
            invalid.incrementAndGet();
            drops.warn(log, "invalid message dropped", w -> w.addKeyValue("keys", String.join(",", keys))
                    .addKeyValue("bytes", value == null ? 0 : value.length).addKeyValue("reason", e.getMessage()));
            return Message.toDrop();
        }
        frames.incrementAndGet();
        Frame.Builder out = frame.toBuilder().clearDetections().clearDetectionError().clearCarriedFrames();
        try {
            Thumbnail picture = tracking.carries() ? Thumbnail.ofJpeg(frame.getJpeg().toByteArray()) : null;
            var carriedFaces = carry(frame, picture);
            if (carriedFaces.isPresent()) {
                // No full decode, no model run: this is where detecting every Nth frame saves its time.
                out.setDetectionStatus(DetectionStatus.DETECTION_STATUS_CARRIED)
                        .setCarriedFrames(carriedFaces.get().carriedFrames());
                addAll(out, carriedFaces.get().faces());
                carried.incrementAndGet();
            } else {
                boolean coarse = detector.hasCoarseSearch() && tracking.fullSearchEvery() > 1
                        && tracker.mayBeCoarse(frame.getStreamId(), frame.getSequence(), tracking.fullSearchEvery() - 1);
                List<TrackedFace> found = tracker.detected(frame.getStreamId(), frame.getSequence(),
                        detect(frame, coarse), picture, !coarse);
                if (coarse) {
                    coarseSearches.incrementAndGet();
                }
                out.setDetectionStatus(DetectionStatus.DETECTION_STATUS_OK);
                addAll(out, found);
            }
        } catch (InvalidFrameException | RuntimeException e) {
            failed.incrementAndGet();
            String reason = FailureReason.of(e);
            drops.warn(log, "detection failed, frame forwarded as FAILED", w -> w.addKeyValue("stream", frame.getStreamId())
                    .addKeyValue("sequence", frame.getSequence()).addKeyValue("detector", detector.describe())
                    .addKeyValue("reason", reason));
            out.clearDetections().setDetectionStatus(DetectionStatus.DETECTION_STATUS_FAILED).setDetectionError(reason);
            if (e instanceof GpuFailure && gpuFailed.compareAndSet(false, true)) {
                onGpuFailure.run();
            }
        }
        out.setDetectedOn(Placement.toProto(detector.placement()));
        out.addStages(StageClock.stage(StageClock.INFERENCE, start));
        return new Message(out.build().toByteArray(), keys);
    }

    /**
     * The faces this frame carries from its stream's last detection, or empty when the detector must run on it: the
     * cadence does not allow carrying here, or the picture changed more than motion explains (a cut, someone
     * stepping in).
     */
    private Optional<FaceTracker.Prediction> carry(Frame frame, Thumbnail picture) {
        if (!tracking.carries()) {
            return Optional.empty();
        }
        var prediction = tracker.carry(frame.getStreamId(), frame.getSequence(), tracking.detectEvery() - 1);
        if (prediction.isEmpty()) {
            return prediction;
        }
        var before = tracker.reference(frame.getStreamId());
        if (before.isEmpty() || PictureChange.changed(before.get(), picture, prediction.get().carriedFrames())) {
            changedPictures.incrementAndGet();
            return Optional.empty();
        }
        return prediction;
    }

    private void addAll(Frame.Builder out, List<TrackedFace> found) {
        for (TrackedFace f : found) {
            out.addDetections(toProto(f));
            if (f.heldFrames() > 0) {
                held.incrementAndGet();
            }
        }
        faces.addAndGet(found.size());
    }

    private List<Face> detect(Frame frame, boolean coarse) throws InvalidFrameException {
        try (Mat bgr = JpegCodec.decode(frame.getJpeg().toByteArray())) {
            return batcher.detect(bgr, coarse);
        }
    }

    static Detection toProto(TrackedFace tracked) {
        Face face = tracked.face();
        Detection.Builder d = Detection.newBuilder()
                .setXMin((float) face.xMin())
                .setYMin((float) face.yMin())
                .setXMax((float) face.xMax())
                .setYMax((float) face.yMax())
                .setScore((float) face.score())
                .setHeldFrames(tracked.heldFrames());
        for (Landmark p : face.landmarks()) {
            d.addLandmarks(Point.newBuilder().setX((float) p.x()).setY((float) p.y()));
        }
        return d.build();
    }

    public InferenceStats stats() {
        return new InferenceStats(frames.get(), faces.get(), failed.get(), invalid.get(), batcher.batches(),
                carried.get(), held.get(), changedPictures.get(), coarseSearches.get());
    }

    /** Stops detecting: frames still waiting fail (and are forwarded FAILED). The detector stays open. */
    @Override
    public void close() {
        batcher.close();
    }
}
