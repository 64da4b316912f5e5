package dev.veil.display;

import dev.veil.frame.FrameCodec;
import dev.veil.frame.InvalidFrameException;
import dev.veil.frame.StageClock;
import dev.veil.frame.v1.Frame;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.io.IOException;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /ingest}: one anonymized frame from the sink, as {@link FrameCodec#encode} makes it. Every refusal
 * is one log line and a counter, and the server carries on.
 */
final class IngestRoute implements Handler {

    /** Sent by the sink with every frame: how it treated the faces (the sink's DisplayClient names it too). */
    static final String ANONYMIZATION_HEADER = "Veil-Anonymization";
    /** The modes a sink may name; anything else is shown as unknown, so a header cannot inject text. */
    static final Set<String> MODES = Set.of("blur", "pixelate", "fill", "boxes");

    private static final Logger log = LoggerFactory.getLogger(IngestRoute.class);

    private final StreamRegistry registry;
    private final BearerToken token;
    private final int maxFrameBytes;
    private final AtomicLong invalid = new AtomicLong();
    private final AtomicLong unauthorized = new AtomicLong();
    private final AtomicLong tooLarge = new AtomicLong();
    private final AtomicLong tooManyStreams = new AtomicLong();

    IngestRoute(StreamRegistry registry, BearerToken token, int maxFrameBytes) {
        this.registry = registry;
        this.token = token;
        this.maxFrameBytes = maxFrameBytes;
    }

    @Override
    public void handle(Context ctx) {
        if (!token.accepts(ctx.header("Authorization"))) {
            unauthorized.incrementAndGet();
            // The header is never logged: a wrong token is often a right token for something else.
            log.atWarn().addKeyValue("remote", ctx.req().getRemoteAddr())
                    .addKeyValue("authorization", ctx.header("Authorization") == null ? "missing" : "wrong")
                    .log("ingest refused: bearer token");
            ctx.status(401).header("WWW-Authenticate", "Bearer").result("missing or wrong bearer token");
            return;
        }
        long declared = ctx.req().getContentLengthLong();
        if (declared > maxFrameBytes) {
            refuseTooLarge(ctx, declared);
            return;
        }
        byte[] body;
        try {
            body = ctx.req().getInputStream().readNBytes(maxFrameBytes + 1);
        } catch (IOException e) {
            invalid.incrementAndGet();
            log.atWarn().addKeyValue("remote", ctx.req().getRemoteAddr()).addKeyValue("reason", e.toString())
                    .log("ingest refused: body could not be read");
            ctx.status(400).result("request body could not be read");
            return;
        }
        if (body.length > maxFrameBytes) {
            refuseTooLarge(ctx, -1);
            return;
        }
        Frame frame;
        try {
            frame = FrameCodec.decode(body);
        } catch (InvalidFrameException e) {
            invalid.incrementAndGet();
            log.atWarn().addKeyValue("remote", ctx.req().getRemoteAddr()).addKeyValue("bytes", body.length)
                    .addKeyValue("reason", e.getMessage()).log("ingest refused: invalid frame");
            ctx.status(400).result(e.getMessage());
            return;
        }
        if (!accept(frame, anonymization(ctx.header(ANONYMIZATION_HEADER)))) {
            ctx.status(503).result("the display shows at most " + DisplayServer.MAX_STREAMS + " streams");
            return;
        }
        ctx.status(204);
    }

    /**
     * Hands a valid frame to its stream; false (counted and logged) when the display already shows as many streams
     * as it may. What {@code POST /ingest} does once the request is read, and what a sink in the same process calls.
     */
    boolean accept(Frame frame, String anonymization) {
        long ingestMicros = StageClock.nowMicros();
        Optional<DisplayedStream> stream = registry.forIngest(frame.getStreamId());
        if (stream.isEmpty()) {
            tooManyStreams.incrementAndGet();
            log.atWarn().addKeyValue("stream", frame.getStreamId()).addKeyValue("limit", DisplayServer.MAX_STREAMS)
                    .log("ingest refused: too many streams");
            return false;
        }
        stream.get().offer(frame, anonymization, ingestMicros);
        return true;
    }

    static String anonymization(String header) {
        String mode = header == null ? "" : header.trim().toLowerCase(Locale.ROOT);
        return MODES.contains(mode) ? mode : StreamStats.UNKNOWN_MODE;
    }

    private void refuseTooLarge(Context ctx, long declared) {
        tooLarge.incrementAndGet();
        log.atWarn().addKeyValue("remote", ctx.req().getRemoteAddr()).addKeyValue("limit", maxFrameBytes)
                .addKeyValue("declared", declared).log("ingest refused: frame too large");
        ctx.status(413).result("frame larger than " + maxFrameBytes + " bytes");
    }

    IngestRefusals refusals() {
        return new IngestRefusals(invalid.get(), unauthorized.get(), tooLarge.get(), tooManyStreams.get());
    }
}
