package dev.veil.stage;

/** What is known of a frame's faces. Only {@link #OK} and {@link #CARRIED} frames may be shown with their faces hidden. */
public enum FaceStatus {
    /** Detection has not run yet: the frame must never be shown as it is. */
    NOT_RUN,
    /** The detector ran on this frame; its faces are the ones found and the ones still held. */
    OK,
    /** Detection failed: the faces are unknown. */
    FAILED,
    /** The detector did not run on this frame; its faces were carried from the stream's last detection. */
    CARRIED;

    /** Whether the frame's faces are known, so that hiding them makes it safe to show. */
    public boolean known() {
        return this == OK || this == CARRIED;
    }
}
