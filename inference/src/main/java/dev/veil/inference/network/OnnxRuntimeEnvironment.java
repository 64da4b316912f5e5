package dev.veil.inference.network;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Platform;
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
                try {
                    environment = onThreadOfItsOwn("onnxruntime-start", () -> {
                        OnnxRuntimeNatives.useCache();
                        switchTelemetryOff();
                        return OrtEnvironment.getEnvironment();
                    });
                } catch (OrtException e) {
                    throw new IllegalStateException("ONNX Runtime did not start: " + e.getMessage(), e);
                }
            }
            return environment;
        }
    }

    /** The variable ONNX Runtime reads, when its environment is created, to leave its telemetry off. */
    static final String TELEMETRY_SWITCH = "ORT_DISABLE_TELEMETRY";

    /**
     * Sets {@value #TELEMETRY_SWITCH}=1 in the process's native environment unless it is already set (a person's
     * own value wins). ONNX Runtime 1.29's Linux build starts Microsoft's telemetry with its environment unless told
     * not to: it would send events over HTTPS, writes an empty {@code /tmp/mat-debug-<pid>.log} in every process, and
     * in Veil's images (no {@code /bin/sh}) it crashes the JVM (its {@code popen} fails and it closes the null stream
     * it got). A privacy product sends nothing. Java cannot change its own environment, so libc's {@code setenv} is
     * called; this runs once, before ONNX Runtime reads it. The images also set the variable themselves.
     */
    static void switchTelemetryOff() {
        NativeLibrary libc = NativeLibrary.getInstance(Platform.C_LIBRARY_NAME);
        int failed = libc.getFunction("setenv").invokeInt(new Object[] {TELEMETRY_SWITCH, "1", 0});
        if (failed != 0) {
            throw new IllegalStateException("could not set " + TELEMETRY_SWITCH + " to keep ONNX Runtime's telemetry"
                    + " off (setenv failed)");
        }
    }

    /**
     * Creates a session ({@code create}: from the model's bytes or its file) on a thread named
     * {@value OnnxRuntimeNetwork#WORKER_THREAD_NAME}. ONNX Runtime starts the session's worker threads there, and a
     * thread the kernel starts takes its creator's name: so per-thread CPU ({@code veil run}'s summary, {@code top -H})
     * tells ONNX Runtime's workers from the process's other threads instead of showing them under the name of
     * whichever thread loaded the model.
     */
    static OrtSession createSession(OrtCall<OrtSession> create) throws OrtException {
        return onThreadOfItsOwn(OnnxRuntimeNetwork.WORKER_THREAD_NAME, create);
    }

    /** A call into ONNX Runtime. */
    @FunctionalInterface
    interface OrtCall<T> {
        T call() throws OrtException;
    }

    /** Runs {@code call} on a new thread with a large stack (see the class comment) and waits for it. */
    private static <T> T onThreadOfItsOwn(String name, OrtCall<T> call) throws OrtException {
        AtomicReference<Object> made = new AtomicReference<>();
        Thread thread = new Thread(null, () -> {
            try {
                made.set(call.call());
            } catch (OrtException | RuntimeException | Error e) {
                made.set(e);
            }
        }, name, STACK_BYTES);
        thread.start();
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while ONNX Runtime was starting", e);
        }
        if (made.get() instanceof OrtException e) {
            throw e;
        }
        if (made.get() instanceof RuntimeException e) {
            throw e;
        }
        if (made.get() instanceof Error e) {
            throw e;
        }
        @SuppressWarnings("unchecked")
        T result = (T) made.get();
        return result;
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
