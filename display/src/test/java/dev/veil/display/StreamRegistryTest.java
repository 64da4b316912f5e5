package dev.veil.display;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.veil.frame.v1.Frame;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Creation, the bound and the idle expiry, with times the test gives. */
class StreamRegistryTest {

    private static final long T0 = 1_800_000_000_000_000L;
    private static final long SECOND = 1_000_000L;

    @Test
    void aFullRegistryTakesANewStreamOnceAnotherHasBeenIdleForTheExpiry() {
        StreamRegistry registry = new StreamRegistry(3, 0, 0, Duration.ofSeconds(60));
        for (String id : new String[] {"a", "b", "c"}) {
            assertTrue(registry.forIngest(id, T0).isPresent());
        }
        assertTrue(registry.forIngest("d", T0 + 59 * SECOND).isEmpty(), "full, none idle for a minute yet");
        Frame frame = SinkFrames.anonymized("b", 0, 16, 16).build();
        DisplayedStream b = registry.find("b").orElseThrow();
        b.offer(frame, frame.getDetectionsCount(), ShownPicture.ofJpeg(frame.getJpeg().toByteArray()), false, "blur", T0 + 30 * SECOND); // b is alive

        assertTrue(registry.forIngest("d", T0 + 60 * SECOND).isPresent(), "a and c expired, d takes a slot");
        assertFalse(registry.find("a").isPresent());
        assertFalse(registry.find("c").isPresent());
        assertTrue(registry.find("b").isPresent(), "a stream that received a frame within the minute stays");
        assertTrue(registry.find("a").isEmpty());
        assertTrue(b.latest().current().isPresent());
    }

    @Test
    void anExpiredStreamLetsItsViewersGo() {
        StreamRegistry registry = new StreamRegistry(8, 0, 0, Duration.ofSeconds(60));
        DisplayedStream cam = registry.forIngest("cam", T0).orElseThrow();
        assertEquals(0, registry.expireIdle(T0 + 59 * SECOND));
        assertFalse(cam.latest().closed());
        assertEquals(1, registry.expireIdle(T0 + 60 * SECOND));
        assertTrue(cam.latest().closed(), "a viewer waiting on it wakes and ends");
        assertTrue(registry.all().isEmpty());
        DisplayedStream again = registry.forIngest("cam", T0 + 61 * SECOND).orElseThrow();
        assertFalse(again.latest().closed(), "the same id later is a new stream");
    }
}
