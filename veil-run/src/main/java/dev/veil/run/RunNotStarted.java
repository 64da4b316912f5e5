package dev.veil.run;

/**
 * A {@code veil run} that could not start: a bad option, an input or output that cannot be used, a port in use.
 * Nothing was decoded and nothing is left open; the message is the one line the terminal shows.
 */
public final class RunNotStarted extends Exception {
    private static final long serialVersionUID = 1L;

    private final ExitStatus status;

    RunNotStarted(ExitStatus status, String message) {
        super(message);
        this.status = status;
    }

    RunNotStarted(ExitStatus status, String message, Throwable cause) {
        super(message, cause);
        this.status = status;
    }

    /** What {@code veil run} exits with for it. */
    public ExitStatus status() {
        return status;
    }
}
