package dev.veil.display;

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
 */
final class MjpegRoute implements Handler {

    static final String BOUNDARY = "veil-frame";
    static final String CONTENT_TYPE = "multipart/x-mixed-replace; boundary=" + BOUNDARY;

    private static final Logger log = LoggerFactory.getLogger(MjpegRoute.class);

    private final StreamRegistry registry;
    private final Semaphore viewerSlots;
    private final Duration streamWait;
    private final Duration keepAlive;
    private final AtomicLong refused = new AtomicLong();

    /**
     * @param maxViewers most viewers at once, across streams: each holds a server thread
     * @param streamWait how long a viewer of a stream with no frame yet waits for it before a 404 (the page may
     *                   be opened before the pipeline delivers)
     * @param keepAlive  with no new picture for this long the current one is sent again, which is how a viewer that
     *                   went away is noticed on a stream that stopped
     */
    MjpegRoute(StreamRegistry registry, int maxViewers, Duration streamWait, Duration keepAlive) {
        this.registry = registry;
        this.viewerSlots = new Semaphore(maxViewers);
        this.streamWait = streamWait;
        this.keepAlive = keepAlive;
    }

    @Override
    public void handle(Context ctx) throws InterruptedException {
        String id = ctx.pathParam("stream");
        if (!viewerSlots.tryAcquire()) {
            refused.incrementAndGet();
            log.atWarn().addKeyValue("stream", id).log("viewer refused: too many viewers");
            ctx.status(503).result("too many viewers");
            return;
        }
        try {
            Optional<DisplayedStream> stream = registry.await(id, streamWait);
            if (stream.isEmpty()) {
                ctx.status(404).result("no frames for stream " + id + " yet");
                return;
            }
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
        log.atDebug().addKeyValue("stream", stream.id()).addKeyValue("remote", ctx.req().getRemoteAddr())
                .log("viewer joined");
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
            log.atDebug().addKeyValue("stream", stream.id()).addKeyValue("reason", e.toString()).log("viewer left");
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
