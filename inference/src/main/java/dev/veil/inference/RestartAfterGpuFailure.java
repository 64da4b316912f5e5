package dev.veil.inference;

import dev.veil.config.Startup.ThrowingRunnable;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.IntConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the vertex does after a CUDA or TensorRT failure: exit, for Kubernetes to restart the container. A CUDA
 * context that saw a "sticky" error (an illegal address, a lost device) cannot be repaired from inside the
 * process, and telling those apart from harmless ones is guesswork; a fresh process on the same GPU loads its
 * engine from the cache in seconds. The failed batch's frames have been forwarded as FAILED (the sink fails
 * closed); frames after it fail at once, since the engine refuses to run again; after {@code grace}, long enough
 * for those answers to reach Numaflow, the server stops and the process exits with {@value #EXIT_STATUS}.
 * Frames read but not answered by then are delivered again to the restarted container.
 */
final class RestartAfterGpuFailure implements Runnable {

    /** Exit status after a GPU failure (2 is a bad configuration, 0 a requested stop). */
    static final int EXIT_STATUS = 3;

    private static final Logger log = LoggerFactory.getLogger(RestartAfterGpuFailure.class);

    private final Duration grace;
    private final ThrowingRunnable stop;
    private final IntConsumer exit;
    private final AtomicBoolean started = new AtomicBoolean();

    /**
     * @param stop  stops serving and releases the detector
     * @param exit  ends the process with a status ({@code Runtime.getRuntime()::halt} in the vertex)
     */
    RestartAfterGpuFailure(Duration grace, ThrowingRunnable stop, IntConsumer exit) {
        this.grace = grace;
        this.stop = stop;
        this.exit = exit;
    }

    /** Starts the exit in the background (once, however often it is called) and returns at once. */
    @Override
    public void run() {
        if (!started.compareAndSet(false, true)) {
            return;
        }
        log.atError().addKeyValue("grace", grace).addKeyValue("exit", EXIT_STATUS)
                .log("GPU failure: frames are failed closed; exiting for Kubernetes to restart the container");
        Thread thread = new Thread(() -> {
            try {
                Thread.sleep(grace.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            try {
                stop.run();
            } catch (Exception e) {
                log.atWarn().addKeyValue("error", e.toString()).log("unclean stop after the GPU failure");
            }
            System.err.flush();
            exit.accept(EXIT_STATUS);
        }, "veil-gpu-failure-exit");
        thread.setDaemon(false);
        thread.start();
    }
}
