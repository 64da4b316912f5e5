package dev.veil.source;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PacerTest {

    /** A clock that only moves when the pacer sleeps or the test says so. */
    private static final class FakeClock implements Pacer.NanoClock {
        long now = 1_000_000_000L;
        final List<Long> sleeps = new ArrayList<>();

        @Override
        public long nanoTime() {
            return now;
        }

        @Override
        public void sleepNanos(long nanos) {
            sleeps.add(nanos);
            now += nanos;
        }
    }

    @Test
    void framesAreHeldUntilTheirPresentationTime() throws Exception {
        FakeClock clock = new FakeClock();
        Pacer pacer = new Pacer(clock);
        pacer.await(0);
        pacer.await(40_000);
        clock.now += 10_000_000L; // 10 ms of work on the frame
        pacer.await(80_000);
        assertEquals(List.of(40_000_000L, 30_000_000L), clock.sleeps);
    }

    @Test
    void aFrameThatIsLateIsSentAtOnceAndTheClockRestarts() throws Exception {
        FakeClock clock = new FakeClock();
        Pacer pacer = new Pacer(clock);
        pacer.await(0);
        clock.now += 2_000_000_000L; // the pipeline stalled for 2 s
        pacer.await(40_000);
        pacer.await(80_000);
        assertEquals(List.of(40_000_000L), clock.sleeps, "no burst to catch up: the next frame waits one frame time");
    }

    @Test
    void aPresentationTimeGoingBackwardsRestartsTheClock() throws Exception {
        FakeClock clock = new FakeClock();
        Pacer pacer = new Pacer(clock);
        pacer.await(5_000_000);
        pacer.await(0);
        pacer.await(40_000);
        assertEquals(List.of(40_000_000L), clock.sleeps);
    }
}
