package dev.veil.config;

import java.util.concurrent.CountDownLatch;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/** What every vertex's {@code main} does before serving: read its config, or stop with one clear line. */
public final class Startup {

    /** Exit status for a configuration the vertex cannot run with (Kubernetes shows it as the pod's reason). */
    public static final int BAD_CONFIG_EXIT = 2;

    private static final Logger log = LoggerFactory.getLogger(Startup.class);

    private Startup() {
    }

    /** Parses the configuration; on a {@link ConfigException}, logs it and exits the JVM with status 2. */
    public static <T> T configOrExit(String vertex, Supplier<T> parse) {
        try {
            return parse.get();
        } catch (ConfigException e) {
            log.atError().addKeyValue("vertex", vertex).addKeyValue("problem", e.getMessage())
                    .log("configuration refused, not starting");
            System.exit(BAD_CONFIG_EXIT);
            throw e; // unreachable
        }
    }

    /**
     * On SIGTERM (Kubernetes stopping the pod) or SIGINT (Ctrl-C), runs {@code stop} and ends the process.
     * The numaflow-java 0.9.2 servers register a shutdown hook that calls {@code System.exit} from inside the
     * JVM's own shutdown, which blocks forever; a vertex left to the default signal handling never exits. So
     * the vertex takes these signals itself, stops gracefully, and halts without running that hook.
     */
    public static void stopOnSignal(String vertex, ThrowingRunnable stop) {
        Runnable shutdown = () -> {
            log.atInfo().addKeyValue("vertex", vertex).log("stopping");
            int status = 0;
            try {
                stop.run();
                log.atInfo().addKeyValue("vertex", vertex).log("stopped");
            } catch (Exception e) {
                status = 1;
                log.atWarn().addKeyValue("vertex", vertex).addKeyValue("error", e.toString()).log("unclean stop");
            }
            System.err.flush();
            Runtime.getRuntime().halt(status);
        };
        SignalHandler handler = signal -> new Thread(shutdown, vertex + "-stop").start();
        Signal.handle(new Signal("TERM"), handler);
        Signal.handle(new Signal("INT"), handler);
    }

    /**
     * Runs a vertex: installs {@link #stopOnSignal}, runs {@code start}, then blocks the calling thread until a
     * signal ends the process. (numaflow-java 0.9.2's {@code awaitTermination()} throws a NullPointerException
     * once {@code stop()} has run, so the vertex does not wait on it.)
     */
    public static void serve(String vertex, ThrowingRunnable start, ThrowingRunnable stop) throws Exception {
        stopOnSignal(vertex, stop);
        start.run();
        new CountDownLatch(1).await();
    }

    @FunctionalInterface
    public interface ThrowingRunnable {
        void run() throws Exception;
    }
}
