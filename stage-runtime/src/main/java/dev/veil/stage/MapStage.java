package dev.veil.stage;

import dev.veil.frame.StageClock;

/**
 * One step of the pipeline between the source and the sink (scaling, finding faces): a frame in, the frame to pass on
 * out. It knows nothing of Numaflow, protobuf or JPEG: {@link MapVertex} puts it behind Numaflow's map role, and
 * {@code veil run} chains it with the others on decoded pictures. Called from several threads at once.
 */
public interface MapStage {

    /** The stage's name in each frame's timings ({@code resize}, {@code inference}). */
    String name();

    /**
     * Processes one frame. On return the frame passed on owns the picture: the same one, or a new one (then this stage
     * closed the old). When it throws, the caller still owns {@code frame}.
     *
     * @throws FrameDropped when the frame cannot go on (nothing downstream could show it safely)
     */
    VideoFrame process(VideoFrame frame) throws FrameDropped;

    /**
     * Starts processing a frame, for {@link Started#finish} to complete: a stage that can work on the next frame while
     * its caller completes this one (the inference stage: the detector searches the next frame while the tracker
     * follows this one's faces) starts that work here. By default everything is done in finish, as {@link #process}.
     * The caller finishes each frame it started once, in the order it started them, and owns {@code frame} until
     * finish returns.
     */
    default Started start(VideoFrame frame) {
        return () -> process(frame);
    }

    /** A frame {@link #start}ed and not yet finished. */
    interface Started {
        /** Completes the frame as {@link #process} does, with the same ownership. */
        VideoFrame finish() throws FrameDropped;
    }

    /** Runs {@code stage} on {@code frame} as {@link #process} does, and stamps the stage's timing on what it passes on. */
    static VideoFrame timed(MapStage stage, VideoFrame frame) throws FrameDropped {
        long start = StageClock.nowMicros();
        VideoFrame out = stage.process(frame);
        return out.with(out.info().withStage(stage.name(), start));
    }
}
