package dev.veil.display;

import dev.veil.config.RefusalLog;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import jakarta.servlet.ServletOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /video/{stream}}: the stream as MJPEG ({@code multipart/x-mixed-replace}), which every browser shows
 * in a plain {@code <img>}. Each viewer holds one server thread that waits for a newer picture, writes it and
 * waits again; a viewer that cannot keep up just sees fewer pictures.
 *
 * <p>A viewer slot is taken only for a stream that exists: a request for a stream without frames yet waits for
 * its first frame among a few waiters of its own ({@code maxWaiting}), and is answered 404 at once when they are all
 * taken, so requests for names that never come cannot keep real viewers out.
 */
final class MjpegRoute implements Handler {

    static final String BOUNDARY = "veil-frame";
    static final String CONTENT_TYPE = "multipart/x-mixed-replace; boundary=" + BOUNDARY;

    private static final Logger log = LoggerFactory.getLogger(MjpegRoute.class);

    private final StreamRegistry registry;
    private final Semaphore viewerSlots;
    private final Semaphore waiting;
    private final Duration streamWait;
    private final Duration keepAlive;
    private final RefusalLog refusals;
    private final AtomicLong refused = new AtomicLong();

    /**
     * @param maxViewers most viewers at once, across streams: each holds a server thread
     * @param maxWaiting most requests at once waiting for a stream's first frame: each holds a server thread too
     * @param streamWait how long a viewer of a stream with no frame yet waits for it before a 404 (the page may
     *                   be opened before the pipeline delivers)
     * @param keepAlive  with no new picture for this long the current one is sent again, which is how a viewer that
     *                   went away is noticed on a stream that stopped
     */
    MjpegRoute(StreamRegistry registry, int maxViewers, int maxWaiting, Duration streamWait, Duration keepAlive,
               RefusalLog refusals) {
        this.registry = registry;
        this.viewerSlots = new Semaphore(maxViewers);
        this.waiting = new Semaphore(maxWaiting);
        this.streamWait = streamWait;
        this.keepAlive = keepAlive;
        this.refusals = refusals;
    }

    @Override
    public void handle(Context ctx) throws InterruptedException {
        String id = ctx.pathParam("stream");
        Optional<DisplayedStream> stream = registry.find(id);
        if (stream.isEmpty() && waiting.tryAcquire()) {
            try {
                stream = registry.await(id, streamWait);
            } finally {
                waiting.release();
            }
        }
        if (stream.isEmpty()) {
            ctx.status(404).result("no frames for this stream yet");
            return;
        }
        if (!viewerSlots.tryAcquire()) {
            refused.incrementAndGet();
            refusals.warn(log, "viewer refused: too many viewers", e -> e
                    .addKeyValue("stream", NetworkText.escape(id))
                    .addKeyValue("remote", NetworkText.escape(ctx.req().getRemoteAddr())));
            ctx.status(503).result("too many viewers");
            return;
        }
        try {
            serve(ctx, stream.get());
        } finally {
            viewerSlots.release();
        }
    }

    private void serve(Context ctx, DisplayedStream stream) throws InterruptedException {
        ctx.status(200);
        ctx.contentType(CONTENT_TYPE);
        ctx.header("Cache-Control", "no-cache, no-store, must-revalidate");
        ctx.header("Pragma", "no-cache");
        stream.viewerJoined();
        log.atDebug().addKeyValue("stream", NetworkText.escape(stream.id()))
                .addKeyValue("remote", NetworkText.escape(ctx.req().getRemoteAddr())).log("viewer joined");
        try {
            // The servlet stream itself: Javalin's wrapper may buffer or compress, and each part must leave now.
            ServletOutputStream out = ctx.res().getOutputStream();
            LatestFrame latest = stream.latest();
            long seen = 0;
            while (!latest.closed()) {
                Optional<LatestFrame.Shown> next = latest.awaitNewerThan(seen, keepAlive);
                if (next.isEmpty()) {
                    next = latest.current();
                }
                if (next.isPresent() && !latest.closed()) {
                    writePart(out, next.get().jpeg());
                    seen = next.get().version();
                }
            }
        } catch (IOException e) {
            // The usual end of a viewer: the browser tab closed, or a stalled client hit the idle timeout.
            log.atDebug().addKeyValue("stream", NetworkText.escape(stream.id()))
                    .addKeyValue("reason", NetworkText.escape(e.toString())).log("viewer left");
        } finally {
            stream.viewerLeft();
        }
    }

    /** Viewers refused because every slot was taken, since start. */
    long refused() {
        return refused.get();
    }

    static void writePart(OutputStream out, byte[] jpeg) throws IOException {
        String head = "--" + BOUNDARY + "\r\nContent-Type: image/jpeg\r\nContent-Length: " + jpeg.length + "\r\n\r\n";
        out.write(head.getBytes(StandardCharsets.US_ASCII));
        out.write(jpeg);
        out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }
}
