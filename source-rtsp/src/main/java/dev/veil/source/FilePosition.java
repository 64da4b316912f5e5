package dev.veil.source;

/**
 * Where a file stream goes on after a frame: what a restarted vertex resumes from once that frame is
 * acknowledged.
 *
 * @param nextSequence  the sequence number the next emitted frame gets
 * @param file          the file being played (as listed: a path, or a file: URL)
 * @param nextPicture   pictures of that file already done (emitted, or skipped as damaged or too large)
 * @param ptsBaseMicros presentation time at which that file started (times continue across files and loops)
 */
record FilePosition(long nextSequence, String file, long nextPicture, long ptsBaseMicros) {
}
