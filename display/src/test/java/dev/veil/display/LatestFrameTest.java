package dev.veil.display;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class LatestFrameTest {

    private static final Duration LONG = Duration.ofSeconds(30);

    @Test
    void aWaiterGetsOnlyTheLatestOfSeveralPublications() throws Exception {
        LatestFrame latest = new LatestFrame();
        latest.publish(1, ShownPicture.ofJpeg(new byte[] {1}));
        latest.publish(2, ShownPicture.ofJpeg(new byte[] {2}));
        latest.publish(3, ShownPicture.ofJpeg(new byte[] {3}));
        LatestFrame.Shown shown = latest.awaitNewerThan(0, LONG).orElseThrow();
        assertEquals(3, shown.version());
        assertEquals(3, shown.sequence());
        assertArrayEquals(new byte[] {3}, shown.jpeg());
    }

    @Test
    void aWaiterWakesOnPublication() throws Exception {
        LatestFrame latest = new LatestFrame();
        latest.publish(7, ShownPicture.ofJpeg(new byte[] {7}));
        CompletableFuture<Optional<LatestFrame.Shown>> waiter = CompletableFuture.supplyAsync(() -> {
            try {
                return latest.awaitNewerThan(1, LONG);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        Thread.sleep(100);
        latest.publish(8, ShownPicture.ofJpeg(new byte[] {8}));
        assertEquals(8, waiter.get(LONG.toSeconds(), TimeUnit.SECONDS).orElseThrow().sequence());
    }

    @Test
    void nothingNewerWithinTheTimeoutIsEmpty() throws Exception {
        LatestFrame latest = new LatestFrame();
        assertTrue(latest.awaitNewerThan(0, Duration.ofMillis(20)).isEmpty());
        latest.publish(1, ShownPicture.ofJpeg(new byte[] {1}));
        assertTrue(latest.awaitNewerThan(1, Duration.ofMillis(20)).isEmpty());
        assertEquals(1, latest.current().orElseThrow().version());
    }

    @Test
    void closeReleasesWaiters() throws Exception {
        LatestFrame latest = new LatestFrame();
        CompletableFuture<Optional<LatestFrame.Shown>> waiter = CompletableFuture.supplyAsync(() -> {
            try {
                return latest.awaitNewerThan(0, LONG);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        Thread.sleep(100);
        latest.close();
        assertTrue(waiter.get(LONG.toSeconds(), TimeUnit.SECONDS).isEmpty());
        assertTrue(latest.closed());
    }
}
