package dev.veil.stage;

/**
 * A frame between two stages of one process: its picture and what is known of it. Closing it closes the picture; a
 * stage that hands the picture on in a new frame does not close it.
 */
public record VideoFrame(FrameInfo info, Picture picture) implements AutoCloseable {

    /** The same picture with what a stage learnt. */
    public VideoFrame with(FrameInfo newInfo) {
        return new VideoFrame(newInfo, picture);
    }

    @Override
    public void close() {
        picture.close();
    }
}
