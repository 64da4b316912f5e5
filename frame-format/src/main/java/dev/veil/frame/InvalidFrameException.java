package dev.veil.frame;

/** Bytes that are not a usable Veil frame. The message says what is wrong in words an operator can act on. */
public final class InvalidFrameException extends Exception {
    private static final long serialVersionUID = 1L;

    public InvalidFrameException(String message) {
        super(message);
    }

    public InvalidFrameException(String message, Throwable cause) {
        super(message, cause);
    }
}
