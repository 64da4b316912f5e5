package dev.veil.inference;

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
    private final FaceCarrier carrier;

    /**
     * Frames that arrive together are detected together, up to {@value InferenceConfig#DEFAULT_BATCH_SIZE}, with no
     * waiting for more; a GPU failure only fails its frames.
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
        this(detector, batchSize, batchWait, onGpuFailure, DetectionCadence.EVERY_FRAME);
    }

    /**
     * As above, detecting only every {@code cadence.every()}-th frame of a stream; the frames between carry the
     * faces of the last detection forward (marked with their age in {@code carried_frames}).
     */
    public FaceInference(FaceDetector detector, int batchSize, Duration batchWait, Runnable onGpuFailure,
                         DetectionCadence cadence) {
        this.detector = detector;
        this.batcher = new DetectionBatcher(detector, batchSize, batchWait);
        this.onGpuFailure = onGpuFailure;
        this.carrier = new FaceCarrier(cadence);
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
        Frame frame;
        try {
            frame = FrameCodec.decode(value);
        } catch (InvalidFrameException e) {
            invalid.incrementAndGet();
            log.atWarn().addKeyValue("keys", String.join(",", keys)).addKeyValue("bytes", value == null ? 0 : value.length)
                    .addKeyValue("reason", e.getMessage()).log("invalid message dropped");
            return Message.toDrop();
        }
        frames.incrementAndGet();
        Frame.Builder out = frame.toBuilder().clearDetections().clearDetectionError().clearCarriedFrames();
        var carriedFaces = carrier.carry(frame.getStreamId(), frame.getSequence());
        if (carriedFaces.isPresent()) {
            // No picture decoded, no model run: this is where detecting every Nth frame saves its time.
            out.setDetectionStatus(DetectionStatus.DETECTION_STATUS_OK).setCarriedFrames(carriedFaces.get().frames());
            carriedFaces.get().faces().forEach(face -> out.addDetections(toProto(face)));
            carried.incrementAndGet();
            faces.addAndGet(carriedFaces.get().faces().size());
            out.addStages(StageClock.stage(StageClock.INFERENCE, start));
            return new Message(out.build().toByteArray(), keys);
        }
        try {
            List<Face> found = detect(frame);
            carrier.detected(frame.getStreamId(), frame.getSequence(), found);
            out.setDetectionStatus(DetectionStatus.DETECTION_STATUS_OK);
            for (Face face : found) {
                out.addDetections(toProto(face));
            }
            faces.addAndGet(found.size());
        } catch (InvalidFrameException | RuntimeException e) {
            carrier.failed(frame.getStreamId());
            failed.incrementAndGet();
            String reason = FailureReason.of(e);
            log.atWarn().addKeyValue("stream", frame.getStreamId()).addKeyValue("sequence", frame.getSequence())
                    .addKeyValue("detector", detector.describe()).addKeyValue("reason", reason)
                    .log("detection failed, frame forwarded as FAILED");
            out.clearDetections().setDetectionStatus(DetectionStatus.DETECTION_STATUS_FAILED).setDetectionError(reason);
            if (e instanceof GpuFailure && gpuFailed.compareAndSet(false, true)) {
                onGpuFailure.run();
            }
        }
        out.addStages(StageClock.stage(StageClock.INFERENCE, start));
        return new Message(out.build().toByteArray(), keys);
    }

    private List<Face> detect(Frame frame) throws InvalidFrameException {
        try (Mat bgr = JpegCodec.decode(frame.getJpeg().toByteArray())) {
            return batcher.detect(bgr);
        }
    }

    static Detection toProto(Face face) {
        Detection.Builder d = Detection.newBuilder()
                .setXMin((float) face.xMin())
                .setYMin((float) face.yMin())
                .setXMax((float) face.xMax())
                .setYMax((float) face.yMax())
                .setScore((float) face.score());
        for (Landmark p : face.landmarks()) {
            d.addLandmarks(Point.newBuilder().setX((float) p.x()).setY((float) p.y()));
        }
        return d.build();
    }

    public InferenceStats stats() {
        return new InferenceStats(frames.get(), faces.get(), failed.get(), invalid.get(), batcher.batches(),
                carried.get());
    }

    /** Stops detecting: frames still waiting fail (and are forwarded FAILED). The detector stays open. */
    @Override
    public void close() {
        batcher.close();
    }
}
