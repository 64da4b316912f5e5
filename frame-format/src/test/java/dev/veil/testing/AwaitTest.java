package dev.veil.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import org.junit.jupiter.api.Test;

class AwaitTest {

    private static final Duration LONG = Duration.ofSeconds(30);

    /** Stands for a class under test: a method that waits for a latch, one that waits for a lock. */
    static final class Blocking {
        static void awaitLatch(CountDownLatch latch) throws InterruptedException {
            latch.await();
        }

        static void takeLock(ReentrantLock lock) {
            lock.lock();
            lock.unlock();
        }
    }

    @Test
    void aConditionThatBecomesTrueEndsTheWait() throws Exception {
        AtomicInteger looks = new AtomicInteger();
        Await.until("the third look", LONG, () -> looks.incrementAndGet() >= 3);
        assertEquals(3, looks.get());
    }

    @Test
    void aConditionThatNeverHoldsFailsNamingIt() {
        AssertionError e = assertThrows(AssertionError.class,
                () -> Await.until("the impossible", Duration.ofMillis(50), () -> false));
        assertEquals("the impossible: not within PT0.05S", e.getMessage());
    }

    @Test
    void aThreadIsSeenWaitingInTheMethodThatWaits() throws Exception {
        CountDownLatch latch = new CountDownLatch(1);
        Thread waiter = new Thread(() -> {
            try {
                Blocking.awaitLatch(latch);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "await-test-waiter");
        waiter.start();
        try {
            Await.waitingIn(waiter, Blocking.class, "awaitLatch", LONG);
            assertSame(waiter, Await.someThreadWaitingIn(Blocking.class, "awaitLatch", LONG));
            assertFalse(Await.isWaitingIn(waiter, Blocking.class, "takeLock"), "another method");
        } finally {
            latch.countDown();
            waiter.join(LONG.toMillis());
        }
        assertFalse(waiter.isAlive());
        assertFalse(Await.isWaitingIn(waiter, Blocking.class, "awaitLatch"), "it has ended");
    }

    @Test
    void waitingForALockIsNotWaitingInTheMethod() throws Exception {
        ReentrantLock lock = new ReentrantLock();
        lock.lock();
        Thread contender = new Thread(() -> Blocking.takeLock(lock), "await-test-contender");
        try {
            contender.start();
            Await.until("the contender parked for the lock", LONG,
                    () -> lock.hasQueuedThreads() && contender.getState() == Thread.State.WAITING);
            assertFalse(Await.isWaitingIn(contender, Blocking.class, "takeLock"));
            assertThrows(AssertionError.class,
                    () -> Await.waitingIn(contender, Blocking.class, "takeLock", Duration.ofMillis(50)));
        } finally {
            lock.unlock();
            contender.join(LONG.toMillis());
        }
        assertFalse(contender.isAlive());
    }
}
