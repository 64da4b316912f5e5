package dev.veil.inference.network;

/**
 * A failure in one short line for a frame's {@code detection_error} and for logs. OpenCV's messages start with
 * the version and the source path of the machine that built it ("OpenCV(4.13.0) /home/.../net.cpp:42: error:
 * (-215:Assertion failed) ..."); only the part after "error:" says anything to an operator.
 */
public final class FailureReason {

    public static final int MAX_LENGTH = 200;
    private static final String OPENCV_MARK = "error: ";

    private FailureReason() {
    }

    public static String of(Throwable e) {
        String message = message(e);
        return e.getClass().getSimpleName() + (message.isEmpty() ? "" : ": " + message);
    }

    /** The message alone, shortened the same way. */
    public static String message(Throwable e) {
        String message = e.getMessage() == null ? "" : e.getMessage();
        int opencv = message.indexOf(OPENCV_MARK);
        if (opencv >= 0 && message.startsWith("OpenCV")) {
            message = message.substring(opencv + OPENCV_MARK.length());
        }
        message = message.strip().replaceAll("\\s+", " ");
        return message.length() <= MAX_LENGTH ? message : message.substring(0, MAX_LENGTH - 3) + "...";
    }
}
