package dev.veil.stage;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.UnsafeByteOperations;
import dev.veil.frame.FrameCodec;
import dev.veil.frame.InvalidFrameException;
import dev.veil.frame.v1.Detection;
import dev.veil.frame.v1.DetectionStatus;
import dev.veil.frame.v1.DetectorPlacement;
import dev.veil.frame.v1.Frame;
import dev.veil.frame.v1.Point;
import dev.veil.frame.v1.StageTiming;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The wire format ({@code veil.frame.v1.Frame}, a JPEG inside) to and from a {@link VideoFrame}, at each process
 * boundary of the cluster. A message is checked in full ({@link FrameCodec}) before anything in it is used; its JPEG
 * is neither copied to be checked nor decoded until a stage asks for the pixels, and leaves again as it came when no
 * stage changed the picture.
 */
public final class WireFrames {

    private WireFrames() {
    }

    /** A frame from a message, its picture not decoded yet. */
    public static VideoFrame decode(byte[] message) throws InvalidFrameException {
        return fromProto(parse(message));
    }

    /**
     * The message for a frame; its picture as it came when unchanged, else encoded at {@code jpegQuality}. Validated:
     * a stage never emits what the next one would refuse.
     */
    public static byte[] encode(VideoFrame frame, int jpegQuality) throws InvalidFrameException {
        Frame proto = toProto(frame.info(), frame.picture().jpeg(jpegQuality), frame.picture().width(),
                frame.picture().height());
        FrameCodec.validate(proto);
        return proto.toByteArray();
    }

    /** Parses and validates a message; the JPEG inside shares the message's array (no copy). */
    public static Frame parse(byte[] message) throws InvalidFrameException {
        if (message == null || message.length == 0) {
            throw new InvalidFrameException("empty message: expected a Veil frame");
        }
        Frame frame;
        try {
            CodedInputStream in = UnsafeByteOperations.unsafeWrap(message).newCodedInput();
            in.enableAliasing(true);
            frame = Frame.parseFrom(in);
        } catch (InvalidProtocolBufferException e) {
            throw new InvalidFrameException("not a Veil frame (" + message.length + " bytes that do not parse): "
                    + e.getMessage(), e);
        } catch (IOException e) {
            throw new InvalidFrameException("not a Veil frame: " + e.getMessage(), e);
        }
        FrameCodec.validate(frame);
        return frame;
    }

    /** A valid frame (see {@link FrameCodec#validate}) as a frame of this process. */
    public static VideoFrame fromProto(Frame frame) {
        return new VideoFrame(info(frame), Picture.ofJpeg(frame.getJpeg().toByteArray(), frame.getWidth(),
                frame.getHeight()));
    }

    /** What a valid frame says, without its picture. */
    public static FrameInfo info(Frame frame) {
        List<FaceBox> faces = new ArrayList<>(frame.getDetectionsCount());
        for (Detection d : frame.getDetectionsList()) {
            List<FaceBox.Point> landmarks = new ArrayList<>(d.getLandmarksCount());
            for (Point p : d.getLandmarksList()) {
                landmarks.add(new FaceBox.Point(p.getX(), p.getY()));
            }
            faces.add(new FaceBox(d.getXMin(), d.getYMin(), d.getXMax(), d.getYMax(), d.getScore(), landmarks,
                    d.getHeldFrames()));
        }
        List<StageTime> stages = new ArrayList<>(frame.getStagesCount());
        for (StageTiming t : frame.getStagesList()) {
            stages.add(new StageTime(t.getStage(), t.getStartMicros(), t.getEndMicros()));
        }
        // A placement is free text from the sender; an unset or half-set one is unknown.
        Optional<Placement> detectedOn = frame.hasDetectedOn() && !frame.getDetectedOn().getDevice().isBlank()
                && !frame.getDetectedOn().getRuntime().isBlank()
                ? Optional.of(new Placement(frame.getDetectedOn().getDevice(), frame.getDetectedOn().getRuntime()))
                : Optional.empty();
        return new FrameInfo(frame.getStreamId(), frame.getSequence(), frame.getPtsMicros(),
                frame.getCaptureTimeMicros(), status(frame.getDetectionStatus()), faces, frame.getDetectionError(),
                frame.getCarriedFrames(), stages, detectedOn);
    }

    /**
     * The message of a frame whose picture is {@code jpeg} ({@code width x height}); with no JPEG (empty array), the
     * frame's metadata alone, for a reader in this process that takes the picture beside it.
     */
    public static Frame toProto(FrameInfo info, byte[] jpeg, int width, int height) {
        return toProto(info, jpeg, width, height, true);
    }

    /**
     * The message of a frame without its picture and without its faces, for the display of this process, which takes
     * the picture beside it and only counts the faces (it is told how many): a crowd's 1,800 boxes a frame were
     * built into a message only to be counted.
     */
    public static Frame metadata(FrameInfo info, int width, int height) {
        return toProto(info, new byte[0], width, height, false);
    }

    private static Frame toProto(FrameInfo info, byte[] jpeg, int width, int height, boolean faces) {
        Frame.Builder out = Frame.newBuilder()
                .setStreamId(info.streamId())
                .setSequence(info.sequence())
                .setPtsMicros(info.ptsMicros())
                .setCaptureTimeMicros(info.captureMicros())
                .setWidth(width)
                .setHeight(height)
                .setJpeg(UnsafeByteOperations.unsafeWrap(jpeg))
                .setDetectionStatus(status(info.status()))
                .setDetectionError(info.detectionError())
                .setCarriedFrames(info.carriedFrames());
        info.detectedOn().ifPresent(p -> out.setDetectedOn(DetectorPlacement.newBuilder().setDevice(p.device())
                .setRuntime(p.runtime())));
        for (FaceBox f : faces ? info.faces() : List.<FaceBox>of()) {
            Detection.Builder d = Detection.newBuilder()
                    .setXMin((float) f.xMin())
                    .setYMin((float) f.yMin())
                    .setXMax((float) f.xMax())
                    .setYMax((float) f.yMax())
                    .setScore((float) f.score())
                    .setHeldFrames(f.heldFrames());
            for (FaceBox.Point p : f.landmarks()) {
                d.addLandmarks(Point.newBuilder().setX((float) p.x()).setY((float) p.y()));
            }
            out.addDetections(d);
        }
        for (StageTime t : info.stages()) {
            out.addStages(StageTiming.newBuilder().setStage(t.stage()).setStartMicros(t.startMicros())
                    .setEndMicros(t.endMicros()));
        }
        return out.build();
    }

    static FaceStatus status(DetectionStatus status) {
        return switch (status) {
            case DETECTION_STATUS_OK -> FaceStatus.OK;
            case DETECTION_STATUS_CARRIED -> FaceStatus.CARRIED;
            case DETECTION_STATUS_FAILED -> FaceStatus.FAILED;
            // NOT_RUN, and any value this build does not know: faces unknown.
            default -> FaceStatus.NOT_RUN;
        };
    }

    static DetectionStatus status(FaceStatus status) {
        return switch (status) {
            case OK -> DetectionStatus.DETECTION_STATUS_OK;
            case CARRIED -> DetectionStatus.DETECTION_STATUS_CARRIED;
            case FAILED -> DetectionStatus.DETECTION_STATUS_FAILED;
            case NOT_RUN -> DetectionStatus.DETECTION_STATUS_NOT_RUN;
        };
    }
}
