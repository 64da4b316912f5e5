package dev.veil.display;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The lockout arithmetic with a clock the test moves. */
class AuthThrottleTest {

    private final AtomicLong now = new AtomicLong(5_000_000_000L);
    private final AuthThrottle throttle = new AuthThrottle(10, Duration.ofSeconds(60), now::get);

    @Test
    void theTenthWrongSecretLocksTheClientOutForAMinute() {
        for (int i = 1; i < 10; i++) {
            assertFalse(throttle.failed("10.0.0.7"), "failure " + i);
            assertEquals(Duration.ZERO, throttle.lockedFor("10.0.0.7"));
        }
        assertTrue(throttle.failed("10.0.0.7"));
        assertEquals(Duration.ofSeconds(60), throttle.lockedFor("10.0.0.7"));
        assertEquals(Duration.ZERO, throttle.lockedFor("10.0.0.8"), "another client is not locked out");

        now.addAndGet(Duration.ofSeconds(59).toNanos());
        assertEquals(Duration.ofSeconds(1), throttle.lockedFor("10.0.0.7"));
        now.addAndGet(Duration.ofSeconds(1).toNanos());
        assertEquals(Duration.ZERO, throttle.lockedFor("10.0.0.7"));
        assertFalse(throttle.failed("10.0.0.7"), "after the lockout the count starts again");
    }

    @Test
    void aRightSecretClearsTheCountButNotALockout() {
        for (int i = 0; i < 9; i++) {
            throttle.failed("10.0.0.7");
        }
        throttle.succeeded("10.0.0.7");
        assertFalse(throttle.failed("10.0.0.7"), "counting starts again after a right secret");
        for (int i = 0; i < 8; i++) {
            throttle.failed("10.0.0.7");
        }
        assertTrue(throttle.failed("10.0.0.7"));
        throttle.succeeded("10.0.0.7");
        assertNotEquals(Duration.ZERO, throttle.lockedFor("10.0.0.7"), "still locked out");
    }

    @Test
    void anIpv6ClientIsItsSlash64() {
        assertEquals(AuthThrottle.key("2001:db8:1:2::1"), AuthThrottle.key("2001:db8:1:2:ffff:ffff:ffff:ffff"));
        assertEquals(AuthThrottle.key("[2001:db8:1:2::1]"), AuthThrottle.key("2001:db8:1:2::7"));
        assertNotEquals(AuthThrottle.key("2001:db8:1:2::1"), AuthThrottle.key("2001:db8:1:3::1"));
        assertEquals("192.0.2.1", AuthThrottle.key("192.0.2.1"));
        for (int i = 0; i < 10; i++) {
            throttle.failed("2001:db8:1:2::" + Integer.toHexString(i + 1));
        }
        assertNotEquals(Duration.ZERO, throttle.lockedFor("2001:db8:1:2::abcd"), "new addresses of the /64 too");
    }

    @Test
    void theTableIsBounded() {
        for (int i = 0; i < AuthThrottle.MAX_CLIENTS + 100; i++) {
            throttle.failed("10." + (i >> 16 & 255) + "." + (i >> 8 & 255) + "." + (i & 255));
        }
        // The oldest entries were forgotten: the first client's failures no longer count toward a lockout.
        for (int i = 0; i < 8; i++) {
            throttle.failed("10.0.0.0");
        }
        assertEquals(Duration.ZERO, throttle.lockedFor("10.0.0.0"));
    }
}
