package dev.veil.source;

import java.time.Instant;

/**
 * A frame ready for Numaflow: its encoded message and what acknowledging it means.
 *
 * @param stream    index of its stream in the configuration
 * @param sequence  its offset within the stream
 * @param payload   the encoded {@code veil.frame.v1.Frame}
 * @param eventTime capture time (live) or the start of the stream plus its presentation time (files)
 * @param after     files: where the stream resumes once this frame is acknowledged; live: null
 */
record QueuedFrame(int stream, long sequence, byte[] payload, Instant eventTime, FilePosition after) {
}
