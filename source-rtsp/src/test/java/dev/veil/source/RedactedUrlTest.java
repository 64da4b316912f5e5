package dev.veil.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
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

    @Test
    void everyFormACredentialCanTakeInALogLineIsRemoved() {
        Credentials.remember("rtsp://operator:p%40ss%3Aw0rd@cam-9.local/live");
        String basic = Base64.getEncoder().encodeToString("operator:p@ss:w0rd".getBytes(StandardCharsets.UTF_8));
        String line = "DESCRIBE rtsp://cam-9.local/live RTSP/1.0\r\nAuthorization: Basic " + basic
                + "\r\nUser-Agent: Lavf\r\n user operator, password p@ss:w0rd, encoded p%40ss%3Aw0rd, again " + basic;
        String scrubbed = Credentials.scrub(line);
        assertEquals("DESCRIBE rtsp://cam-9.local/live RTSP/1.0\r\nAuthorization: ***\r\nUser-Agent: Lavf\r\n"
                + " user ***, password ***, encoded ***, again ***", scrubbed);
    }

    @Test
    void digestHeadersAreRemovedWhole() {
        String scrubbed = Credentials.scrub("authorization: Digest username=\"x\", response=\"0123abcd\"\nCSeq: 3");
        assertEquals("authorization: ***\nCSeq: 3", scrubbed);
    }
}
