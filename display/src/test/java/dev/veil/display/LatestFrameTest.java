package dev.veil.display;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.veil.testing.Await;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class LatestFrameTest {

    private static final Duration LONG = Duration.ofSeconds(30);

    /**
     * A viewer's thread waiting for a version newer than {@code seen}, returned once it is really waiting inside
     * {@link LatestFrame#awaitNewerThan}, so that what the test does next happens while it waits.
     */
    private static CompletableFuture<Optional<LatestFrame.Shown>> waiting(LatestFrame latest, long seen)
            throws InterruptedException {
        CompletableFuture<Optional<LatestFrame.Shown>> result = new CompletableFuture<>();
        Thread viewer = new Thread(() -> {
            try {
                result.complete(latest.awaitNewerThan(seen, LONG));
            } catch (Throwable e) {
                result.completeExceptionally(e);
            }
        }, "latest-frame-viewer");
        viewer.setDaemon(true);
        viewer.start();
        Await.waitingIn(viewer, LatestFrame.class, "awaitNewerThan", LONG);
        assertFalse(result.isDone(), "still waiting");
        return result;
    }

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
        CompletableFuture<Optional<LatestFrame.Shown>> waiter = waiting(latest, 1);
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
        CompletableFuture<Optional<LatestFrame.Shown>> waiter = waiting(latest, 0);
        latest.close();
        assertTrue(waiter.get(LONG.toSeconds(), TimeUnit.SECONDS).isEmpty());
        assertTrue(latest.closed());
    }
}
