package dev.veil.display;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.veil.config.RefusalLog;
import dev.veil.display.protocol.IngestProtocol;
import dev.veil.frame.StageClock;
import io.javalin.Javalin;
import io.javalin.compression.CompressionStrategy;
import io.javalin.http.Context;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
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
 *   <li>{@code POST /ingest}: a protobuf frame; 204 taken, 400 not a valid frame, 401 token, 408 body too slow,
 *       413 too large (bytes or pixels), 415 not protobuf, 422 capture time ahead, 429 locked out,
 *       503 too many streams</li>
 *   <li>{@code GET /}: the streams, linking to their viewer</li>
 *   <li>{@code GET /view/{stream}}: the live picture and its stats</li>
 *   <li>{@code GET /video/{stream}}: MJPEG of the stream</li>
 *   <li>{@code GET /api/streams}, {@code GET /api/streams/{stream}}: stats as JSON</li>
 *   <li>{@code GET /metrics}: the same in Prometheus' text format</li>
 *   <li>{@code GET /login}, {@code POST /login}: the viewing token, in token mode</li>
 *   <li>{@code GET /healthz}: {@code ok}</li>
 * </ul>
 * Every request first passes {@link RequestFront} (host, origin, security headers, bodies read whole and bounded);
 * everything but ingest, login and health is then behind the {@link ViewerGate}. Frames of a stream go through its
 * reorder window before they are shown; a frame the sink did not mark anonymized is shown obscured.
 */
public final class DisplayServer implements AutoCloseable {

    /** Stream ids come from the network: bound what one sender can make the display hold. */
    public static final int MAX_STREAMS = 64;
    /** Each viewer holds a server thread while it watches. */
    public static final int MAX_VIEWERS = 64;
    /** Viewers of a stream without frames yet that wait for its first one; each holds a thread, but no viewer slot. */
    public static final int MAX_WAITING_VIEWERS = 8;
    /** A stream that has received nothing for this long is forgotten: its slot goes to the next new camera. */
    public static final Duration STREAM_EXPIRY = Duration.ofSeconds(60);
    /** Threads beyond the viewers' own, so ingest and pages are served however many people watch. */
    private static final int REQUEST_THREADS = 32;
    private static final Duration STREAM_WAIT = Duration.ofSeconds(30);
    private static final Duration KEEP_ALIVE = Duration.ofSeconds(5);
    /** How often held frames are released, idle streams forgotten and suppressed refusals counted in the log. */
    private static final long HOUSEKEEPING_MICROS = 1_000_000;

    private static final Logger log = LoggerFactory.getLogger(DisplayServer.class);

    private final DisplayConfig config;
    private final Duration streamExpiry;
    private final StreamRegistry registry;
    private final RefusalLog refusals = new RefusalLog();
    private final RefusalCounts<IngestRefusal> ingestRefused = new RefusalCounts<>(IngestRefusal.class);
    private final IngestRoute ingest;
    private final MjpegRoute video;
    private final ViewerGate gate;
    private final RequestFront front;
    private final ObjectMapper json = new ObjectMapper();
    private ScheduledExecutorService clock;
    private Javalin app;
    private boolean closed;

    public DisplayServer(DisplayConfig config) {
        this(config, STREAM_WAIT, STREAM_EXPIRY);
    }

    /**
     * @param streamWait   how long a viewer of a stream without frames waits for the first before a 404
     * @param streamExpiry how long a stream may receive nothing before it is forgotten
     */
    DisplayServer(DisplayConfig config, Duration streamWait, Duration streamExpiry) {
        this.config = config;
        this.streamExpiry = streamExpiry;
        this.registry = new StreamRegistry(MAX_STREAMS, config.reorderFrames(), config.reorderWait().toNanos() / 1_000,
                streamExpiry);
        this.ingest = new IngestRoute(registry, config.maxFrameBytes(), ingestRefused, refusals);
        this.video = new MjpegRoute(registry, MAX_VIEWERS, MAX_WAITING_VIEWERS, streamWait, KEEP_ALIVE, refusals);
        this.gate = new ViewerGate(config.viewAccess(), new AuthThrottle(), refusals);
        IngestGate ingestGate = new IngestGate(BearerToken.of(config.ingestToken()), new AuthThrottle(), ingestRefused,
                refusals);
        this.front = new RequestFront(HostRule.of(config.hosts()), ingestGate, gate, config.maxFrameBytes(),
                ingestRefused, refusals);
    }

    /** Binds and starts serving; returns once the port is open. */
    public synchronized DisplayServer start() {
        if (app != null || closed) {
            throw new IllegalStateException("a display server starts once");
        }
        QueuedThreadPool threads = new QueuedThreadPool(MAX_VIEWERS + MAX_WAITING_VIEWERS + REQUEST_THREADS, 4);
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
            // In front of Javalin's servlet, which Javalin nests inside it.
            cfg.jetty.modifyServer(server -> server.setHandler(front));
            cfg.jetty.modifyHttpConfiguration(http -> {
                http.setSendServerVersion(false);
                http.setSendXPoweredBy(false);
            });
            cfg.routes.post(IngestProtocol.PATH, ingest);
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
        clock = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "display-clock");
            t.setDaemon(true);
            return t;
        });
        if (config.reorderFrames() > 0) {
            // Held frames must leave when their wait is over even if no later frame comes to push them out.
            long tickMicros = Math.max(2_000, Math.min(20_000, config.reorderWait().toNanos() / 1_000 / 5));
            clock.scheduleAtFixedRate(this::releaseHeldFrames, tickMicros, tickMicros, TimeUnit.MICROSECONDS);
        }
        long housekeeping = Math.min(HOUSEKEEPING_MICROS, Math.max(10_000, streamExpiry.toNanos() / 1_000 / 4));
        clock.scheduleAtFixedRate(this::housekeeping, housekeeping, housekeeping, TimeUnit.MICROSECONDS);
        log.atInfo().addKeyValue("bind", config.bind()).addKeyValue("port", port())
                .addKeyValue("ingestToken", config.ingestToken().isPresent() ? "required" : "not required")
                .addKeyValue("viewAuth", config.viewAccess())
                .addKeyValue("hosts", config.hosts().isEmpty() ? "localhost and addresses" : config.hosts())
                .addKeyValue("reorderFrames", config.reorderFrames())
                .addKeyValue("reorderWaitMs", config.reorderWait().toMillis())
                .log("display server listening");
        List<String> open = config.openParts();
        if (!open.isEmpty()) {
            boolean loopback = DisplayConfig.isLoopback(config.bind());
            log.atWarn().addKeyValue("bind", config.bind()).addKeyValue("port", port())
                    .addKeyValue("open", String.join("; ", open))
                    .log(loopback ? "DISPLAY RUNS WITHOUT SECRETS: anyone on this host can use what is open"
                            : "DISPLAY RUNS WITHOUT SECRETS ON THE NETWORK (" + DisplayConfig.ALLOW_OPEN
                                    + "=true): anyone who reaches it can use what is open");
        }
        return this;
    }

    /** The port it listens on (the one picked when the config said 0). */
    public synchronized int port() {
        if (app == null) {
            throw new IllegalStateException("display server not started");
        }
        return app.port();
    }

    /**
     * Takes a frame from a sink in this process ({@code veil run}): what {@code POST /ingest} does with a frame it
     * accepted, without the HTTP round trip, the token (the caller is this process), parsing, or a JPEG: the picture
     * is copied as pixels and encoded only when a viewer asks for it.
     *
     * @param meta          the frame without its picture ({@code jpeg} empty) and its faces, with the picture's size
     * @param faces         how many faces the frame has: the display only counts them, so a crowd's boxes need not
     *                      be built into a message ({@code meta}'s own list is not read)
     * @param bgr           the anonymized picture, 8-bit BGR; copied, still the caller's
     * @param jpegQuality   quality of the JPEG viewers get, 1..100
     * @param anonymization how the sink treats faces: {@code blur}, {@code pixelate}, {@code fill} or {@code boxes}
     * @throws IOException when the display does not take it (as many streams as it may show, a picture over the
     *                     pixel limit, a capture time ahead of this clock, a stream id with control characters)
     * @throws IllegalArgumentException when {@code faces} is negative
     */
    public void show(dev.veil.frame.v1.Frame meta, int faces, org.bytedeco.opencv.opencv_core.Mat bgr,
                     int jpegQuality, String anonymization) throws IOException {
        if (faces < 0) {
            throw new IllegalArgumentException(faces + " faces");
        }
        Optional<FrameAdmission.Refused> refused = ingest.acceptPicture(meta, faces, bgr, jpegQuality,
                IngestRoute.anonymization(anonymization));
        if (refused.isPresent()) {
            throw new IOException("the display refused the frame: " + refused.get().message());
        }
    }

    /** Stats of every stream, as {@code GET /api/streams} serves them. */
    public DisplaySnapshot streamSnapshots() {
        long now = StageClock.nowMicros();
        return new DisplaySnapshot(registry.all().stream().map(s -> s.snapshot(now)).toList(),
                IngestRefusal.snapshot(ingestRefused), new ViewerRefusals(gate.refused(), gate.lockedOut(),
                        video.refused()), front.refused());
    }

    /** Stops serving; viewers are let go first so no thread is left waiting for a frame. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (clock != null) {
            clock.shutdownNow();
        }
        registry.close();
        if (app != null) {
            app.stop();
            log.atInfo().log("display server stopped");
        }
    }

    private void viewerPage(Context ctx) {
        String id = ctx.pathParam("stream");
        if (NetworkText.hasUnsafeCharacters(id)) {
            // No stream has such a name (ingest refuses it); a page titled with it could only spoof another.
            ctx.status(404).result("no such stream");
            return;
        }
        boolean facesVisible = registry.find(id).map(s -> s.snapshot(StageClock.nowMicros()).facesVisible()).orElse(false);
        ctx.html(Pages.viewer(id, facesVisible));
    }

    private void housekeeping() {
        try {
            registry.expireIdle(StageClock.nowMicros());
            refusals.flush();
        } catch (RuntimeException e) {
            log.atError().addKeyValue("error", NetworkText.escape(e.toString())).log("display housekeeping failed");
        }
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
            json(ctx, Map.of("error", "no frames for this stream yet"));
            return;
        }
        json(ctx, stream.get().snapshot(StageClock.nowMicros()));
    }

    private void json(Context ctx, Object body) throws JsonProcessingException {
        ctx.contentType("application/json").result(json.writeValueAsString(body));
    }
}
