package dev.veil.sink;

/** What the sink does with a frame whose faces are not known (detection failed, never ran, or was lost). */
public enum FailurePolicy {
    /** Show the frame blurred beyond recognition, so the viewer still sees time pass. */
    BLUR_WHOLE_FRAME,
    /** Show nothing for that frame. */
    DROP
}
