package dev.veil.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class FrameQueuesTest {

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
        assertTrue(!queuedThird.await(300, TimeUnit.MILLISECONDS), "waits while full");
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
        Thread later = new Thread(() -> {
            try {
                Thread.sleep(100);
                queues.put(frame(0, 7));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        later.start();
        assertEquals(List.of(7L), sequences(queues.take(5, TimeUnit.SECONDS.toNanos(30))));
        later.join();
    }
}
