package dev.veil.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import org.junit.jupiter.api.Test;

class RedactedUrlTest {

    @Test
    void userAndPasswordAreRemoved() {
        assertEquals("rtsp://***@cam.local:554/live", RedactedUrl.of("rtsp://admin:s3cret@cam.local:554/live"));
        assertEquals("rtsps://***@10.0.0.2/a?b=1", RedactedUrl.of("rtsps://user@10.0.0.2/a?b=1"));
    }

    @Test
    void urlsWithoutCredentialsAndPathsAreUnchanged() {
        assertEquals("rtsp://cam.local/live", RedactedUrl.of("rtsp://cam.local/live"));
        assertEquals("/videos/a@b.mp4", RedactedUrl.of("/videos/a@b.mp4"));
    }

    @Test
    void messagesAreScrubbedOfTheCredentials() {
        String url = "rtsp://admin:s3cret@cam.local/live";
        String scrubbed = RedactedUrl.scrub("avformat_open_input() error on " + url + " (admin:s3cret)", url);
        assertFalse(scrubbed.contains("s3cret"), scrubbed);
        assertEquals("avformat_open_input() error on rtsp://***@cam.local/live (***)", scrubbed);
    }
}
