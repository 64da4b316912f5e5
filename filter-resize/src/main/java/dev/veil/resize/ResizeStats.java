package dev.veil.resize;

/**
 * Counters of the resize vertex.
 *
 * @param frames   frames handled, whatever became of them
 * @param resized  frames whose picture was scaled
 * @param invalid  messages dropped because they were not valid frames
 * @param failed   valid-looking frames dropped because their picture could not be processed
 */
public record ResizeStats(long frames, long resized, long invalid, long failed) {
}
