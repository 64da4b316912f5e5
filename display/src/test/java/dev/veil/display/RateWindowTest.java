package dev.veil.display;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class RateWindowTest {

    private static final long SECOND = 1_000_000L;

    @Test
    void rateBetweenFirstAndLastEventOfTheSpan() {
        RateWindow rate = new RateWindow(5 * SECOND, 64);
        for (int i = 0; i <= 10; i++) {
            rate.record(i * 100_000L); // 11 frames over 1 s
        }
        assertEquals(10.0, rate.perSecond(SECOND));
    }

    @Test
    void eventsOlderThanTheSpanDropOut() {
        RateWindow rate = new RateWindow(5 * SECOND, 64);
        rate.record(0);
        rate.record(SECOND);
        rate.record(1_500_000);
        rate.record(2 * SECOND);
        assertEquals(1.5, rate.perSecond(2 * SECOND)); // 3 intervals over 2 s
        assertEquals(2.0, rate.perSecond(5_500_000)); // 0 s is out: 2 intervals over 1 s
        assertEquals(0.0, rate.perSecond(7_100_000)); // the stream stopped
    }

    @Test
    void fewerThanTwoEventsIsNoRate() {
        RateWindow rate = new RateWindow(5 * SECOND, 8);
        assertEquals(0.0, rate.perSecond(0));
        rate.record(3 * SECOND);
        assertEquals(0.0, rate.perSecond(3 * SECOND));
        rate.record(3 * SECOND);
        assertEquals(0.0, rate.perSecond(3 * SECOND), "two events at once give no interval to divide by");
    }

    @Test
    void atHighRatesTheLastCapacityEventsAreUsed() {
        RateWindow rate = new RateWindow(5 * SECOND, 4);
        for (int i = 0; i < 100; i++) {
            rate.record(i * 1_000L); // 1000 fps
        }
        assertEquals(1000.0, rate.perSecond(99_000));
    }
}
