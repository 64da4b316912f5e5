package dev.veil.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ReconnectBackoffTest {

    /** Jitter values the test chooses, one per wait. */
    private static java.util.function.DoubleSupplier values(double... values) {
        Iterator<Double> it = java.util.Arrays.stream(values).boxed().iterator();
        return it::next;
    }

    private static List<Duration> waits(ReconnectBackoff backoff, int n) {
        List<Duration> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(backoff.next());
        }
        return out;
    }

    @Test
    void theCeilingDoublesUpToTheMaximumAndEachWaitIsBetweenHalfTheCeilingAndTheCeiling() {
        // ceilings 1, 2, 4, 8, 10, 10 s; jitter 0 gives half the ceiling, 0.5 three quarters, just under 1 the ceiling
        ReconnectBackoff backoff = new ReconnectBackoff(Duration.ofSeconds(1), Duration.ofSeconds(10),
                values(0.0, 0.5, 0.0, 0.25, 0.5, 0.0));
        assertEquals(List.of(Duration.ofMillis(500), Duration.ofMillis(1500), Duration.ofSeconds(2),
                Duration.ofMillis(5000), Duration.ofMillis(7500), Duration.ofSeconds(5)), waits(backoff, 6));
        assertEquals(6, backoff.failures());
    }

    @Test
    void aWorkingStreamStartsTheNextOutageFromTheShortestWait() {
        ReconnectBackoff backoff = new ReconnectBackoff(Duration.ofMillis(200), Duration.ofSeconds(30),
                values(0.5, 0.5, 0.5, 0.5));
        assertEquals(List.of(Duration.ofMillis(150), Duration.ofMillis(300), Duration.ofMillis(600)), waits(backoff, 3));
        backoff.reset();
        assertEquals(0, backoff.failures());
        assertEquals(Duration.ofMillis(150), backoff.next());
    }

    @Test
    void aMaximumThatIsNotAPowerOfTwoOfTheMinimumIsReachedExactly() {
        ReconnectBackoff backoff = new ReconnectBackoff(Duration.ofSeconds(3), Duration.ofSeconds(5),
                values(0.0, 0.0, 0.0));
        assertEquals(List.of(Duration.ofMillis(1500), Duration.ofMillis(2500), Duration.ofMillis(2500)), waits(backoff, 3));
    }

    @Test
    void aSeededRandomGivesTheSameScheduleEveryTimeWithinTheBounds() {
        List<Duration> first = waits(new ReconnectBackoff(Duration.ofSeconds(1), Duration.ofSeconds(30),
                new Random(42)::nextDouble), 12);
        List<Duration> second = waits(new ReconnectBackoff(Duration.ofSeconds(1), Duration.ofSeconds(30),
                new Random(42)::nextDouble), 12);
        assertEquals(first, second);
        long ceiling = 1000;
        for (Duration wait : first) {
            assertTrue(wait.toMillis() >= ceiling / 2 && wait.toMillis() <= ceiling, wait + " within ceiling " + ceiling);
            ceiling = Math.min(30_000, ceiling * 2);
        }
        List<Duration> other = waits(new ReconnectBackoff(Duration.ofSeconds(1), Duration.ofSeconds(30),
                new Random(43)::nextDouble), 12);
        assertNotEquals(first, other, "jitter: another seed, another schedule");
    }

    @Test
    void nonsensicalBoundsAreRefused() {
        assertThrows(IllegalArgumentException.class,
                () -> new ReconnectBackoff(Duration.ofSeconds(2), Duration.ofSeconds(1), () -> 0));
        assertThrows(IllegalArgumentException.class, () -> new ReconnectBackoff(Duration.ZERO, Duration.ofSeconds(1), () -> 0));
    }
}
