package dev.veil.inference.network;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.util.concurrent.atomic.AtomicReference;

/**
 * ONNX Runtime's one environment for the process, created on a thread of its own with a large stack. ONNX Runtime
 * 1.29 reads the process's command line while it creates the environment and, with a long one (a JVM started with
 * a classpath of a hundred jars, as tests and {@code veil bench} start vertices), overflows a default 1 MiB Java
 * thread stack: the JVM dies with a segmentation fault and no message (seen here with a 6.8 KB command line; 2 MiB
 * was enough, so 64 MiB leaves a wide margin). After creation the environment is shared by every thread. Its
 * native libraries come from JavaCPP's cache ({@link OnnxRuntimeNatives}).
 */
final class OnnxRuntimeEnvironment {

    private static final long STACK_BYTES = 64L << 20;
    private static volatile OrtEnvironment environment;

    private OnnxRuntimeEnvironment() {
    }

    static OrtEnvironment get() {
        OrtEnvironment env = environment;
        if (env != null) {
            return env;
        }
        synchronized (OnnxRuntimeEnvironment.class) {
            if (environment == null) {
                AtomicReference<Object> made = new AtomicReference<>();
                Thread starter = new Thread(null, () -> {
                    try {
                        OnnxRuntimeNatives.useCache();
                        made.set(OrtEnvironment.getEnvironment());
                    } catch (RuntimeException | Error e) {
                        made.set(e);
                    }
                }, "onnxruntime-start", STACK_BYTES);
                starter.start();
                try {
                    starter.join();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while ONNX Runtime was starting", e);
                }
                if (made.get() instanceof RuntimeException e) {
                    throw e;
                }
                if (made.get() instanceof Error e) {
                    throw e;
                }
                environment = (OrtEnvironment) made.get();
            }
            return environment;
        }
    }

    /**
     * How every Veil session runs: {@code threads} intra-op threads, one inter-op thread (the graphs are a chain),
     * every graph optimization. The caller owns the options and closes them with its session ({@link #close}).
     */
    static OrtSession.SessionOptions sessionOptions(int threads) throws OrtException {
        OrtSession.SessionOptions options = new OrtSession.SessionOptions();
        try {
            options.setIntraOpNumThreads(threads);
            options.setInterOpNumThreads(1);
            options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            return options;
        } catch (OrtException | RuntimeException e) {
            options.close();
            throw e;
        }
    }

    /** Closes a session and its options, either of which may be null (a session that failed to start). */
    static void close(OrtSession session, OrtSession.SessionOptions options) {
        try {
            if (session != null) {
                session.close();
            }
        } catch (OrtException e) {
            // nothing left to do with a session that cannot close
        }
        if (options != null) {
            options.close();
        }
    }
}
