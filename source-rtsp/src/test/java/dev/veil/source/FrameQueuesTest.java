package dev.veil.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.veil.testing.Await;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class FrameQueuesTest {

    private static final Duration LONG = Duration.ofSeconds(30);

    private static QueuedFrame frame(int stream, long sequence) {
        return new QueuedFrame(stream, sequence, new byte[] {(byte) sequence}, null, Instant.EPOCH, null);
    }

    private static List<Long> sequences(List<QueuedFrame> frames) {
        return frames.stream().map(QueuedFrame::sequence).toList();
    }

    @Test
    void aFullLiveQueueDropsItsOldestFrame() {
        FrameQueues queues = new FrameQueues(1, 3);
        for (long s = 0; s < 3; s++) {
            assertNull(queues.putDroppingOldest(frame(0, s)));
        }
        assertEquals(0, queues.putDroppingOldest(frame(0, 3)).sequence());
        assertEquals(1, queues.putDroppingOldest(frame(0, 4)).sequence());
        assertEquals(3, queues.size(0), "never more than its capacity");
    }

    @Test
    void aFullFileQueueMakesTheDecoderWaitUntilAReadMakesRoom() throws Exception {
        FrameQueues queues = new FrameQueues(1, 2);
        queues.put(frame(0, 0));
        queues.put(frame(0, 1));
        CountDownLatch queuedThird = new CountDownLatch(1);
        Thread decoder = new Thread(() -> {
            try {
                queues.put(frame(0, 2));
                queuedThird.countDown();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        decoder.start();
        Await.waitingIn(decoder, FrameQueues.class, "put", LONG);
        assertEquals(1, queuedThird.getCount(), "waits while full");
        assertEquals(List.of(0L), sequences(queues.take(1, 0)));
        assertTrue(queuedThird.await(10, TimeUnit.SECONDS), "a read made room");
        assertEquals(List.of(1L, 2L), sequences(queues.take(10, 0)), "nothing lost, in order");
        decoder.join();
    }

    @Test
    void readsTakeFromEveryStreamInTurn() throws Exception {
        FrameQueues queues = new FrameQueues(2, 8);
        for (long s = 0; s < 4; s++) {
            queues.put(frame(0, s));
        }
        queues.put(frame(1, 100));
        queues.put(frame(1, 101));
        List<QueuedFrame> taken = queues.take(4, 0);
        assertEquals(List.of(0, 1, 0, 1), taken.stream().map(QueuedFrame::stream).toList());
        assertEquals(List.of(2L, 3L), sequences(queues.take(10, 0)));
    }

    @Test
    void aReadWaitsForTheFirstFrameOnlyUpToItsTimeout() throws Exception {
        FrameQueues queues = new FrameQueues(1, 2);
        assertTrue(queues.take(5, TimeUnit.MILLISECONDS.toNanos(50)).isEmpty());
        CompletableFuture<List<QueuedFrame>> read = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try {
                read.complete(queues.take(5, LONG.toNanos()));
            } catch (Throwable e) {
                read.completeExceptionally(e);
            }
        }, "frame-queues-reader");
        reader.start();
        Await.waitingIn(reader, FrameQueues.class, "take", LONG);
        assertFalse(read.isDone(), "the read waits for a first frame");
        queues.put(frame(0, 7));
        assertEquals(List.of(7L), sequences(read.get(LONG.toSeconds(), TimeUnit.SECONDS)));
        reader.join();
    }
}
