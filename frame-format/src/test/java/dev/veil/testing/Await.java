package dev.veil.testing;

import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Waiting for a condition, not for a length of time: a test that needs another thread to have reached a state
 * waits until it has, and fails at a generous deadline saying what never happened. Where nothing signals the state,
 * the condition is checked again after a short park that grows to {@link #LONGEST_PARK}; no fixed sleep stands in
 * for "long enough".
 */
public final class Await {

    /** The longest pause between two looks at a condition: short against every deadline, light on two cores. */
    static final Duration LONGEST_PARK = Duration.ofMillis(10);
    private static final long FIRST_PARK_NANOS = 100_000;

    private Await() {
    }

    /**
     * Returns once {@code condition} holds; fails the test with "{@code what}: not within {@code timeout}" when it
     * still does not at the deadline.
     */
    public static void until(String what, Duration timeout, BooleanSupplier condition) throws InterruptedException {
        until(() -> what, timeout, condition);
    }

    /**
     * As {@link #until(String, Duration, BooleanSupplier)}, with what was awaited said at the deadline, where it can
     * name the state things had reached by then.
     */
    public static void until(Supplier<String> what, Duration timeout, BooleanSupplier condition)
            throws InterruptedException {
        until(what, timeout, LONGEST_PARK, condition);
    }

    /**
     * As {@link #until(Supplier, Duration, BooleanSupplier)}, looking less often where a look is costly (a round trip
     * to a browser): the pause between two looks grows to {@code longestPark}.
     */
    public static void until(Supplier<String> what, Duration timeout, Duration longestPark, BooleanSupplier condition)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        long park = Math.min(FIRST_PARK_NANOS, longestPark.toNanos());
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError(what.get() + ": not within " + timeout);
            }
            LockSupport.parkNanos(park);
            if (Thread.interrupted()) {
                throw new InterruptedException("interrupted while waiting for: " + what.get());
            }
            park = Math.min(park * 2, longestPark.toNanos());
        }
    }

    /**
     * Returns once {@code thread} waits (on a condition, a monitor's {@code wait}, a {@code join}...) inside
     * {@code type.method}: e.g. a reader blocked for a frame that has not come, so that what the test does next
     * certainly happens while it waits. Waiting for a lock does not count.
     */
    public static void waitingIn(Thread thread, Class<?> type, String method, Duration timeout)
            throws InterruptedException {
        until(thread.getName() + " waiting in " + type.getSimpleName() + "." + method, timeout,
                () -> isWaitingIn(thread, type, method));
    }

    /**
     * Returns the first thread of this JVM found waiting inside {@code type.method}, once there is one: for a
     * thread the test does not own, such as a server's request thread.
     */
    public static Thread someThreadWaitingIn(Class<?> type, String method, Duration timeout)
            throws InterruptedException {
        Thread[] found = new Thread[1];
        until("a thread waiting in " + type.getSimpleName() + "." + method, timeout, () -> {
            for (Thread t : Thread.getAllStackTraces().keySet()) {
                if (isWaitingIn(t, type, method)) {
                    found[0] = t;
                    return true;
                }
            }
            return false;
        });
        return found[0];
    }

    /**
     * True when {@code thread} is parked in a wait called, directly or not, from {@code type.method}, and was so
     * both before and after its stack was read.
     */
    static boolean isWaitingIn(Thread thread, Class<?> type, String method) {
        if (!waiting(thread.getState())) {
            return false;
        }
        StackTraceElement[] stack = thread.getStackTrace();
        if (!waiting(thread.getState())) {
            return false;
        }
        for (int i = 0; i < stack.length; i++) {
            if (stack[i].getClassName().equals(type.getName()) && stack[i].getMethodName().equals(method)) {
                // Above it (the frames it called): a wait, not the acquisition of a lock.
                return Arrays.stream(stack, 0, i).anyMatch(Await::isAWait);
            }
        }
        return false;
    }

    private static boolean waiting(Thread.State state) {
        return state == Thread.State.WAITING || state == Thread.State.TIMED_WAITING;
    }

    private static boolean isAWait(StackTraceElement frame) {
        String name = frame.getMethodName();
        return name.startsWith("await") || name.equals("wait") || name.equals("wait0") || name.equals("join");
    }
}
