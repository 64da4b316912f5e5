package dev.veil.inference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class RestartAfterGpuFailureTest {

    private static final String EXIT_THREAD = "veil-gpu-failure-exit";

    @Test
    void stopsThenExitsWithItsStatusOnceHoweverOftenItIsAsked() throws Exception {
        List<String> events = new CopyOnWriteArrayList<>();
        CountDownLatch exited = new CountDownLatch(1);
        RestartAfterGpuFailure restart = new RestartAfterGpuFailure(Duration.ofSeconds(1),
                () -> events.add("stop"), status -> {
                    events.add("exit " + status);
                    exited.countDown();
                });

        restart.run();
        restart.run();
        assertEquals(List.of(), events, "nothing before the grace period: the failed frames' answers go out first");
        assertEquals(1, Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().equals(EXIT_THREAD))
                .count(), "one exit under way, however often it was asked");

        assertTrue(exited.await(30, TimeUnit.SECONDS), "exited after the grace period");
        assertEquals(List.of("stop", "exit 3"), events);
    }

    @Test
    void exitsEvenWhenStoppingFails() throws Exception {
        List<String> events = new CopyOnWriteArrayList<>();
        CountDownLatch exited = new CountDownLatch(1);
        RestartAfterGpuFailure restart = new RestartAfterGpuFailure(Duration.ZERO,
                () -> {
                    throw new IllegalStateException("server would not stop");
                }, status -> {
                    events.add("exit " + status);
                    exited.countDown();
                });
        restart.run();
        assertTrue(exited.await(30, TimeUnit.SECONDS), "exited although the stop failed");
        assertEquals(List.of("exit 3"), events);
    }
}
