package dev.veil.stage;

import dev.veil.frame.StageClock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Everything the stages know of a frame but its picture: where it comes from, when it was captured, its faces and
 * which stage handled it when. Immutable; a stage makes a new one with what it learnt.
 *
 * @param sequence        position in its stream, from 0
 * @param ptsMicros       presentation time from the start of the stream
 * @param captureMicros   wall-clock time the source decoded it, microseconds since the Unix epoch
 * @param detectionError  why detection failed when {@code status} is FAILED, else empty; never holds secrets
 * @param carriedFrames   N > 0 exactly when {@code status} is CARRIED: the faces are those known N frames earlier
 * @param detectedOn      where the faces were detected (device and runtime), once a detector has looked
 */
public record FrameInfo(String streamId, long sequence, long ptsMicros, long captureMicros, FaceStatus status,
                        List<FaceBox> faces, String detectionError, int carriedFrames, List<StageTime> stages,
                        Optional<Placement> detectedOn) {

    public FrameInfo {
        faces = List.copyOf(faces);
        stages = List.copyOf(stages);
    }

    /** A frame no detector has looked at. */
    public FrameInfo(String streamId, long sequence, long ptsMicros, long captureMicros, FaceStatus status,
                     List<FaceBox> faces, String detectionError, int carriedFrames, List<StageTime> stages) {
        this(streamId, sequence, ptsMicros, captureMicros, status, faces, detectionError, carriedFrames, stages,
                Optional.empty());
    }

    /** A frame as the source makes it: nothing known of its faces yet. */
    public static FrameInfo captured(String streamId, long sequence, long ptsMicros, long captureMicros) {
        return new FrameInfo(streamId, sequence, ptsMicros, captureMicros, FaceStatus.NOT_RUN, List.of(), "", 0,
                List.of());
    }

    /** The same frame with the faces the detector found (OK) or carried (CARRIED, {@code carriedFrames} > 0). */
    public FrameInfo withFaces(FaceStatus status, List<FaceBox> found, int carriedFrames) {
        return new FrameInfo(streamId, sequence, ptsMicros, captureMicros, status, found, "", carriedFrames, stages,
                detectedOn);
    }

    /** The same frame with its detection failed: no faces, and why. */
    public FrameInfo withDetectionFailed(String reason) {
        return new FrameInfo(streamId, sequence, ptsMicros, captureMicros, FaceStatus.FAILED, List.of(), reason, 0,
                stages, detectedOn);
    }

    /** The same frame, its faces looked for on {@code placement} (null: not known). */
    public FrameInfo withDetectedOn(Placement placement) {
        return new FrameInfo(streamId, sequence, ptsMicros, captureMicros, status, faces, detectionError,
                carriedFrames, stages, Optional.ofNullable(placement));
    }

    /** The same frame with one more stage timing: {@code stage} started at {@code startMicros} and ends now. */
    public FrameInfo withStage(String stage, long startMicros) {
        List<StageTime> more = new ArrayList<>(stages.size() + 1);
        more.addAll(stages);
        more.add(new StageTime(stage, startMicros, StageClock.nowMicros()));
        return new FrameInfo(streamId, sequence, ptsMicros, captureMicros, status, faces, detectionError,
                carriedFrames, more, detectedOn);
    }

    /** {@code stream#sequence}, for logs. */
    public String where() {
        return streamId + "#" + Long.toUnsignedString(sequence);
    }
}
