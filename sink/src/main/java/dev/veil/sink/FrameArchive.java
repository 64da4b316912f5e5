package dev.veil.sink;

import dev.veil.stage.FrameInfo;
import java.io.IOException;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * Where the sink keeps the anonymized video besides showing it: one MP4 file ({@link SingleFileArchive}, for
 * {@code veil run --output}) or MP4 segments per stream on a volume ({@link SegmentArchive}). Only pictures that
 * are safe to show are ever given to it. Implementations are thread-safe.
 */
interface FrameArchive extends AutoCloseable {

    /** Appends a frame's anonymized picture, unless that frame was written before (a retry). */
    void write(FrameInfo frame, Mat anonymized) throws IOException;

    /** Finishes files whose stream has sent nothing for a while, so readers get them without waiting for more. */
    void finishIdle();

    /** Pictures written so far. */
    long framesWritten();

    /** Finishes every open file. */
    @Override
    void close() throws IOException;
}
