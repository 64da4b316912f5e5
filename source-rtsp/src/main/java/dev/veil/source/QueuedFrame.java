package dev.veil.source;

import dev.veil.stage.VideoFrame;
import java.time.Instant;

/**
 * A decoded frame waiting to be read: as a Numaflow message (the cluster's source), or as a picture for the next stage
 * of this process ({@code veil run}), and what acknowledging it means.
 *
 * @param stream    index of its stream in the configuration
 * @param sequence  its offset within the stream
 * @param payload   the encoded {@code veil.frame.v1.Frame}; null for a picture
 * @param picture   the frame as a picture; null for a message
 * @param eventTime capture time (live) or the start of the stream plus its presentation time (files)
 * @param after     files: where the stream resumes once this frame is acknowledged; live: null
 */
record QueuedFrame(int stream, long sequence, byte[] payload, VideoFrame picture, Instant eventTime,
                   FilePosition after) {

    /** Releases the picture of a frame that will never be read (dropped for a newer one, or left at the end). */
    void discard() {
        if (picture != null) {
            picture.close();
        }
    }
}
