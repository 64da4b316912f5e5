package dev.veil.display;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.veil.frame.StageClock;
import io.javalin.Javalin;
import io.javalin.compression.CompressionStrategy;
import io.javalin.http.Context;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The display: takes anonymized frames on {@code POST /ingest} and shows each stream live in the browser.
 *
 * <ul>
 *   <li>{@code POST /ingest}: a protobuf frame; 204 taken, 400 not a valid frame, 401 token, 413 too large,
 *       503 too many streams</li>
 *   <li>{@code GET /}: the streams, linking to their viewer</li>
 *   <li>{@code GET /view/{stream}}: the live picture and its stats</li>
 *   <li>{@code GET /video/{stream}}: MJPEG of the stream</li>
 *   <li>{@code GET /api/streams}, {@code GET /api/streams/{stream}}: stats as JSON</li>
 *   <li>{@code GET /metrics}: the same in Prometheus' text format</li>
 *   <li>{@code GET /login}, {@code POST /login}: the viewing token, in token mode</li>
 *   <li>{@code GET /healthz}: {@code ok}</li>
 * </ul>
 * Everything but ingest, login and health is behind the {@link ViewerGate}. Frames of a stream go through its
 * reorder window before they are shown.
 */
public final class DisplayServer implements AutoCloseable {

    public static final String INGEST_PATH = "/ingest";
    /** Stream ids come from the network: bound what one sender can make the display hold. */
    public static final int MAX_STREAMS = 64;
    /** Each viewer holds a server thread while it watches. */
    public static final int MAX_VIEWERS = 64;
    /** Threads beyond the viewers' own, so ingest and pages are served however many people watch. */
    private static final int REQUEST_THREADS = 32;
    private static final Duration STREAM_WAIT = Duration.ofSeconds(30);
    private static final Duration KEEP_ALIVE = Duration.ofSeconds(5);

    private static final Logger log = LoggerFactory.getLogger(DisplayServer.class);

    private final DisplayConfig config;
    private final StreamRegistry registry;
    private final IngestRoute ingest;
    private final MjpegRoute video;
    private final ViewerGate gate;
    private final ObjectMapper json = new ObjectMapper();
    private ScheduledExecutorService reorderClock;
    private Javalin app;
    private boolean closed;

    public DisplayServer(DisplayConfig config) {
        this(config, STREAM_WAIT);
    }

    /** @param streamWait how long a viewer of a stream without frames waits for the first before a 404 */
    DisplayServer(DisplayConfig config, Duration streamWait) {
        this.config = config;
        this.registry = new StreamRegistry(MAX_STREAMS, config.reorderFrames(), config.reorderWait().toNanos() / 1_000);
        this.ingest = new IngestRoute(registry, BearerToken.of(config.ingestToken()), config.maxFrameBytes());
        this.video = new MjpegRoute(registry, MAX_VIEWERS, streamWait, KEEP_ALIVE);
        this.gate = new ViewerGate(config.viewAccess());
    }

    /** Binds and starts serving; returns once the port is open. */
    public synchronized DisplayServer start() {
        if (app != null || closed) {
            throw new IllegalStateException("a display server starts once");
        }
        QueuedThreadPool threads = new QueuedThreadPool(MAX_VIEWERS + REQUEST_THREADS, 4);
        threads.setName("display");
        app = Javalin.create(cfg -> {
            cfg.startup.showJavalinBanner = false;
            cfg.startup.showOldJavalinVersionWarning = false;
            // MJPEG parts must leave as they are written; the pages are too small to gain from compression.
            cfg.http.compressionStrategy = CompressionStrategy.NONE;
            cfg.http.maxRequestSize = config.maxFrameBytes();
            cfg.jetty.host = config.bind();
            cfg.jetty.port = config.port();
            cfg.jetty.threadPool = threads;
            cfg.routes.post(INGEST_PATH, ingest);
            cfg.routes.get("/", gate.protect(ctx -> ctx.html(Pages.index(streamSnapshots().streams()))));
            cfg.routes.get("/view/{stream}", gate.protect(this::viewerPage));
            cfg.routes.get("/video/{stream}", gate.protect(video));
            cfg.routes.get("/api/streams", gate.protect(ctx -> json(ctx, streamSnapshots())));
            cfg.routes.get("/api/streams/{stream}", gate.protect(this::streamStats));
            cfg.routes.get("/metrics", gate.protect(ctx -> ctx.contentType(PrometheusMetrics.CONTENT_TYPE)
                    .result(PrometheusMetrics.text(streamSnapshots()))));
            cfg.routes.get(ViewerGate.LOGIN_PATH, gate::loginForm);
            cfg.routes.post(ViewerGate.LOGIN_PATH, gate::login);
            cfg.routes.get("/healthz", ctx -> ctx.result("ok"));
        });
        app.start();
        if (config.reorderFrames() > 0) {
            // Held frames must leave when their wait is over even if no later frame comes to push them out.
            long tickMicros = Math.max(2_000, Math.min(20_000, config.reorderWait().toNanos() / 1_000 / 5));
            reorderClock = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "display-reorder");
                t.setDaemon(true);
                return t;
            });
            reorderClock.scheduleAtFixedRate(this::releaseHeldFrames, tickMicros, tickMicros, TimeUnit.MICROSECONDS);
        }
        log.atInfo().addKeyValue("bind", config.bind()).addKeyValue("port", port())
                .addKeyValue("ingestToken", config.ingestToken().isPresent() ? "required" : "not required")
                .addKeyValue("viewAuth", config.viewAccess())
                .addKeyValue("reorderFrames", config.reorderFrames())
                .addKeyValue("reorderWaitMs", config.reorderWait().toMillis())
                .log("display server listening");
        return this;
    }

    /** The port it listens on (the one picked when the config said 0). */
    public synchronized int port() {
        if (app == null) {
            throw new IllegalStateException("display server not started");
        }
        return app.port();
    }

    /** Stats of every stream, as {@code GET /api/streams} serves them. */
    /**
     * Takes a frame from a sink in this process ({@code veil run}): what {@code POST /ingest} does with a frame it
     * accepted, without the HTTP round trip, the token (the caller is this process) or parsing the frame again
     * (the caller has validated it, {@link dev.veil.frame.FrameCodec#validate}).
     *
     * @param anonymization how the sink treats faces: {@code blur}, {@code pixelate}, {@code fill} or {@code boxes}
     * @throws IOException when the display already shows as many streams as it may
     */
    public void ingest(dev.veil.frame.v1.Frame frame, String anonymization) throws IOException {
        if (!ingest.accept(frame, IngestRoute.anonymization(anonymization))) {
            throw new IOException("the display shows at most " + MAX_STREAMS + " streams");
        }
    }

    public DisplaySnapshot streamSnapshots() {
        long now = StageClock.nowMicros();
        return new DisplaySnapshot(registry.all().stream().map(s -> s.snapshot(now)).toList(), ingest.refusals(),
                new ViewerRefusals(gate.refused(), video.refused()));
    }

    /** Stops serving; viewers are let go first so no thread is left waiting for a frame. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (reorderClock != null) {
            reorderClock.shutdownNow();
        }
        registry.close();
        if (app != null) {
            app.stop();
            log.atInfo().log("display server stopped");
        }
    }

    private void viewerPage(Context ctx) {
        String id = ctx.pathParam("stream");
        boolean facesVisible = registry.find(id).map(s -> s.snapshot(StageClock.nowMicros()).facesVisible()).orElse(false);
        ctx.html(Pages.viewer(id, facesVisible));
    }

    private void releaseHeldFrames() {
        try {
            long now = StageClock.nowMicros();
            registry.forEach(stream -> stream.releaseDue(now));
        } catch (RuntimeException e) {
            // A scheduled task that throws is never run again: log it and keep the clock going.
            log.atError().addKeyValue("error", e.toString()).log("releasing held frames failed");
        }
    }

    private void streamStats(Context ctx) throws JsonProcessingException {
        String id = ctx.pathParam("stream");
        Optional<DisplayedStream> stream = registry.find(id);
        if (stream.isEmpty()) {
            ctx.status(404);
            json(ctx, Map.of("error", "no frames for stream " + id + " yet"));
            return;
        }
        json(ctx, stream.get().snapshot(StageClock.nowMicros()));
    }

    private void json(Context ctx, Object body) throws JsonProcessingException {
        ctx.contentType("application/json").result(json.writeValueAsString(body));
    }
}
