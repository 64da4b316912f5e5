package dev.veil.stage;

/** A stage cannot pass a frame on: it is dropped, logged (at most once per window for each {@link #event()}) and counted. */
public final class FrameDropped extends Exception {

    private final String event;

    /**
     * @param event  the log line's message, the same for every drop of this kind (e.g. "picture cannot be resized")
     * @param reason what was wrong with this frame
     */
    public FrameDropped(String event, String reason, Throwable cause) {
        super(reason, cause);
        this.event = event;
    }

    public String event() {
        return event;
    }
}
