package dev.veil.inference;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class RestartAfterGpuFailureTest {

    @Test
    void stopsThenExitsWithItsStatusOnceHoweverOftenItIsAsked() throws Exception {
        List<String> events = new CopyOnWriteArrayList<>();
        RestartAfterGpuFailure restart = new RestartAfterGpuFailure(Duration.ofMillis(100),
                () -> events.add("stop"), status -> events.add("exit " + status));

        restart.run();
        restart.run();
        assertEquals(List.of(), events, "nothing before the grace period: the failed frames' answers go out first");

        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (events.size() < 2 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        Thread.sleep(200);
        assertEquals(List.of("stop", "exit 3"), events);
    }

    @Test
    void exitsEvenWhenStoppingFails() throws Exception {
        List<String> events = new CopyOnWriteArrayList<>();
        RestartAfterGpuFailure restart = new RestartAfterGpuFailure(Duration.ZERO,
                () -> {
                    throw new IllegalStateException("server would not stop");
                }, status -> events.add("exit " + status));
        restart.run();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (events.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertEquals(List.of("exit 3"), events);
    }
}
