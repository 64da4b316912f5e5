package dev.veil.source;

/** An input that cannot be opened or read on; the message is one line, free of credentials, for the log. */
final class InputException extends Exception {

    private static final long serialVersionUID = 1L;

    enum Kind {
        /** The input cannot be opened (refused, not found, not a video container, timed out). */
        OPEN_FAILED,
        /** It has no video stream. */
        NO_VIDEO,
        /** Its video codec cannot be decoded by this FFmpeg. */
        UNSUPPORTED_CODEC,
        /** A live stream delivered no picture within the stall timeout. */
        STALLED,
        /** Reading failed part way (connection lost). */
        READ_FAILED,
        /** The source is closing. */
        ABORTED
    }

    private final Kind kind;
    private final String reason;

    InputException(Kind kind, String message) {
        this(kind, message, message);
    }

    /** @param reason the cause alone, without the input's name ("Connection refused"), for a status line */
    InputException(Kind kind, String message, String reason) {
        super(Credentials.scrub(message), null, false, false);
        this.kind = kind;
        this.reason = Credentials.scrub(reason);
    }

    Kind kind() {
        return kind;
    }

    String reason() {
        return reason;
    }
}
