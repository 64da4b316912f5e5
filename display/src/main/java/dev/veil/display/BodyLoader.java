package dev.veil.display;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.Scheduler;

/**
 * Reads a request's whole body before its route runs, without a thread waiting on the network: Jetty calls back
 * when bytes arrive, and the route (which reads its body the blocking servlet way) only runs once all of it is in
 * memory. A client that sends its body slowly therefore holds a connection, not a server thread; and it is cut off
 * ({@code 408}) when the body comes slower than {@link #MIN_BYTES_PER_SECOND} after {@link #GRACE}, or is not
 * complete after {@link #MAX_TIME}. A body over its limit is cut off ({@code 413}) as soon as it passes it.
 */
final class BodyLoader implements Runnable {

    static final Duration GRACE = Duration.ofSeconds(2);
    /** A real frame (100 KB to 1 MB) takes milliseconds on a LAN; a client this slow is holding the connection. */
    static final long MIN_BYTES_PER_SECOND = 32 * 1024;
    /** Longer than any sink waits for its POST ({@code VEIL_POST_TIMEOUT}, 5 s by default). */
    static final Duration MAX_TIME = Duration.ofSeconds(30);
    private static final long CHECK_EVERY_MILLIS = 250;
    /** The buffer grows as bytes come, never ahead of them: a declared length costs the sender nothing to write. */
    private static final int FIRST_BUFFER_BYTES = 64 * 1024;

    /** What became of a body that was not handed on; the listener answers the request. */
    interface Outcome {
        void tooLarge(Request request, Response response, Callback callback);

        void tooSlow(Request request, Response response, Callback callback, long received, Duration elapsed);

        void failed(Request request, Response response, Callback callback, Throwable failure);
    }

    private final Handler next;
    private final Request request;
    private final Response response;
    private final Callback callback;
    private final long maxBytes;
    private final Outcome outcome;
    private final long startNanos = System.nanoTime();
    private final AtomicBoolean finished = new AtomicBoolean();
    private volatile long received;
    private volatile Scheduler.Task check;
    // Touched only by the thread Jetty calls back on, one call at a time.
    private byte[] buffer;
    private int size;

    BodyLoader(Handler next, Request request, Response response, Callback callback, long maxBytes, Outcome outcome) {
        this.next = next;
        this.request = request;
        this.response = response;
        this.callback = callback;
        this.maxBytes = maxBytes;
        this.outcome = outcome;
        long declared = request.getLength();
        this.buffer = new byte[(int) Math.min(maxBytes, declared > 0 ? Math.min(declared, FIRST_BUFFER_BYTES)
                : FIRST_BUFFER_BYTES)];
    }

    /** Reads what is there, and has Jetty call back for the rest. */
    void start() {
        read();
        if (!finished.get()) {
            scheduleCheck();
        }
    }

    /** Jetty's call back: more of the body is there. */
    @Override
    public void run() {
        read();
    }

    private void read() {
        while (!finished.get()) {
            Content.Chunk chunk = request.read();
            if (chunk == null) {
                request.demand(this);
                return;
            }
            try {
                if (Content.Chunk.isFailure(chunk)) {
                    if (finish()) {
                        outcome.failed(request, response, callback, chunk.getFailure());
                    }
                    return;
                }
                ByteBuffer bytes = chunk.getByteBuffer();
                int n = bytes.remaining();
                if ((long) size + n > maxBytes) {
                    if (finish()) {
                        outcome.tooLarge(request, response, callback);
                    }
                    return;
                }
                if (size + n > buffer.length) {
                    buffer = Arrays.copyOf(buffer, (int) Math.min(maxBytes, Math.max((long) size + n, 2L * buffer.length)));
                }
                bytes.get(buffer, size, n);
                size += n;
                received = size;
                if (chunk.isLast()) {
                    if (finish()) {
                        handOn();
                    }
                    return;
                }
            } finally {
                chunk.release();
            }
        }
    }

    /** True for the one caller that ends the loading (the last bytes, a limit, or the clock). */
    private boolean finish() {
        if (!finished.compareAndSet(false, true)) {
            return false;
        }
        Scheduler.Task task = check;
        if (task != null) {
            task.cancel();
        }
        return true;
    }

    private void handOn() {
        Request loaded = new LoadedRequest(request, ByteBuffer.wrap(buffer, 0, size));
        try {
            if (!next.handle(loaded, response, callback)) {
                Response.writeError(request, response, callback, 404);
            }
        } catch (Throwable t) {
            Response.writeError(request, response, callback, t);
        }
    }

    private void scheduleCheck() {
        check = request.getComponents().getScheduler().schedule(this::checkRate, CHECK_EVERY_MILLIS,
                TimeUnit.MILLISECONDS);
        if (finished.get()) {
            check.cancel();
        }
    }

    private void checkRate() {
        if (finished.get()) {
            return;
        }
        long elapsed = System.nanoTime() - startNanos;
        long due = Math.max(0, (elapsed - GRACE.toNanos()) / 1_000_000) * MIN_BYTES_PER_SECOND / 1_000;
        if (elapsed >= MAX_TIME.toNanos() || received < due) {
            if (finish()) {
                outcome.tooSlow(request, response, callback, received, Duration.ofNanos(elapsed));
            }
            return;
        }
        scheduleCheck();
    }

    /** The request with its body already read: the route reads it from memory. */
    private static final class LoadedRequest extends Request.Wrapper {

        private Content.Chunk body;

        LoadedRequest(Request request, ByteBuffer body) {
            super(request);
            this.body = Content.Chunk.from(body, true);
        }

        @Override
        public synchronized Content.Chunk read() {
            Content.Chunk chunk = body;
            if (chunk == null) {
                return super.read(); // the end: the body's last bytes were read from the connection
            }
            body = null;
            return chunk;
        }
    }
}
