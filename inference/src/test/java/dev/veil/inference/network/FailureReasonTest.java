package dev.veil.inference.network;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class FailureReasonTest {

    @Test
    void keepsOnlyOpenCvsOwnWords() {
        RuntimeException e = new RuntimeException("OpenCV(4.13.0) /home/runner/opencv/modules/dnn/src/net.cpp:42:"
                + " error: (-215:Assertion failed) !blob.empty()\\n in function 'forward'\n");

        assertEquals("RuntimeException: (-215:Assertion failed) !blob.empty()\\n in function 'forward'",
                FailureReason.of(e));
    }

    @Test
    void otherMessagesStayAsTheyAreOnOneLine() {
        assertEquals("IllegalStateException: model\nclosed".replace("\n", " "),
                FailureReason.of(new IllegalStateException("model\n  closed")));
        assertEquals("NullPointerException", FailureReason.of(new NullPointerException()));
        assertEquals("IllegalArgumentException: my error: bad", FailureReason.of(new IllegalArgumentException("my error: bad")));
    }

    @Test
    void longMessagesAreCut() {
        String reason = FailureReason.of(new RuntimeException("x".repeat(500)));

        assertEquals("RuntimeException: " + "x".repeat(FailureReason.MAX_LENGTH - 3) + "...", reason);
    }
}
