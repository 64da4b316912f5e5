package dev.veil.display;

import com.google.protobuf.ByteString;
import dev.veil.config.RefusalLog;
import dev.veil.display.protocol.IngestProtocol;
import dev.veil.frame.FrameCodec;
import dev.veil.frame.InvalidFrameException;
import dev.veil.frame.StageClock;
import dev.veil.frame.v1.Frame;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.io.IOException;
import java.util.Locale;
import java.util.Optional;
import org.bytedeco.opencv.opencv_core.Mat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /ingest} once {@link RequestFront} has let it through ({@link IngestGate}) and read its body: one
 * frame from the sink, as {@link FrameCodec#encode} makes it. Every refusal is counted and logged (rate-limited),
 * and the server carries on.
 *
 * <p>A frame's picture is shown as sent only when the sink marked it safe ({@link FrameAdmission#markedAnonymized});
 * any other valid frame (detection failed or never ran, or not from a sink) is taken, so its stream's stats and
 * timing go on, but shown as the display's own {@link ObscuredPicture}, and counted.
 */
final class IngestRoute implements Handler {

    /**
     * Request attribute set by {@link RequestFront} on an ingest it admitted; a request that reached this route
     * any other way (a path spelled differently) is not served.
     */
    static final String ADMITTED = IngestRoute.class.getName() + ".admitted";

    private static final Logger log = LoggerFactory.getLogger(IngestRoute.class);

    private final StreamRegistry registry;
    private final int maxFrameBytes;
    private final RefusalCounts<IngestRefusal> counts;
    private final RefusalLog refusals;

    IngestRoute(StreamRegistry registry, int maxFrameBytes, RefusalCounts<IngestRefusal> counts, RefusalLog refusals) {
        this.registry = registry;
        this.maxFrameBytes = maxFrameBytes;
        this.counts = counts;
        this.refusals = refusals;
    }

    @Override
    public void handle(Context ctx) {
        if (!Boolean.TRUE.equals(ctx.attribute(ADMITTED))) {
            ctx.status(404).result("not found");
            return;
        }
        String remote = ctx.req().getRemoteAddr();
        byte[] body;
        try {
            // Already in memory (RequestFront read it, bounded): this does not wait on the network.
            body = ctx.req().getInputStream().readNBytes(maxFrameBytes + 1);
        } catch (IOException e) {
            refuse(ctx, new FrameAdmission.Refused(IngestRefusal.INVALID, "request body could not be read"), remote);
            return;
        }
        if (body.length > maxFrameBytes) {
            refuse(ctx, new FrameAdmission.Refused(IngestRefusal.TOO_LARGE, "frame larger than " + maxFrameBytes
                    + " bytes"), remote);
            return;
        }
        Frame frame;
        try {
            frame = FrameCodec.decode(body);
        } catch (InvalidFrameException e) {
            refuse(ctx, new FrameAdmission.Refused(IngestRefusal.INVALID, NetworkText.escape(e.getMessage())), remote);
            return;
        }
        Optional<FrameAdmission.Refused> refused = accept(frame,
                anonymization(ctx.header(IngestProtocol.ANONYMIZATION_HEADER)), remote);
        if (refused.isPresent()) {
            FrameAdmission.Refused r = refused.get();
            ctx.status(r.reason().status).result(r.message());
            return;
        }
        ctx.status(204);
    }

    /**
     * Hands a valid frame to its stream: what {@code POST /ingest} does once the request is read, and what a sink
     * in the same process calls. Why it was not taken (counted and logged), or empty when it was.
     *
     * @param remote who sent it, for the log; null for a sink in this process
     */
    Optional<FrameAdmission.Refused> accept(Frame frame, String anonymization, String remote) {
        long ingestMicros = StageClock.nowMicros();
        Optional<FrameAdmission.Refused> refused = FrameAdmission.check(frame, ingestMicros);
        if (refused.isPresent()) {
            return count(refused.get(), remote, frame);
        }
        boolean marked = FrameAdmission.markedAnonymized(frame);
        ShownPicture shown;
        if (marked) {
            shown = ShownPicture.ofJpeg(frame.getJpeg().toByteArray());
        } else {
            try {
                shown = ShownPicture.ofJpeg(ObscuredPicture.of(frame.getJpeg().toByteArray(), frame.getWidth(),
                        frame.getHeight()));
            } catch (InvalidFrameException e) {
                return count(new FrameAdmission.Refused(IngestRefusal.INVALID, "frame " + NetworkText.escape(
                        frame.getStreamId()) + "#" + Long.toUnsignedString(frame.getSequence())
                        + " is not marked anonymized and its picture cannot be obscured: "
                        + NetworkText.escape(e.getMessage())), remote, frame);
            }
        }
        return offer(frame, frame.getDetectionsCount(), shown, !marked, anonymization, remote, ingestMicros);
    }

    /**
     * Hands a frame from a sink in this process to its stream, with its picture as pixels (encoded only if a viewer
     * asks): {@code meta} is the frame without its picture, checked as one from the network would be, and
     * {@code faces} how many faces it has.
     */
    Optional<FrameAdmission.Refused> acceptPicture(Frame meta, int faces, Mat bgr, int jpegQuality,
                                                   String anonymization) {
        long ingestMicros = StageClock.nowMicros();
        Optional<FrameAdmission.Refused> refused = FrameAdmission.check(meta, ingestMicros);
        if (refused.isPresent()) {
            return count(refused.get(), null, meta);
        }
        boolean marked = FrameAdmission.markedAnonymized(meta);
        ShownPicture shown;
        if (marked) {
            shown = ShownPicture.ofPixels(bgr, jpegQuality);
        } else {
            // The sinks of this process send only frames they made safe; whatever one claims, this one is not shown.
            try (Mat obscured = bgr.clone()) {
                dev.veil.frame.WholeFrameFallback.apply(obscured);
                shown = ShownPicture.ofPixels(obscured, ObscuredPicture.JPEG_QUALITY);
            }
        }
        return offer(meta, faces, shown, !marked, anonymization, null, ingestMicros);
    }

    private Optional<FrameAdmission.Refused> offer(Frame frame, int faces, ShownPicture shown, boolean obscured,
                                                   String anonymization, String remote, long ingestMicros) {
        Optional<DisplayedStream> stream = registry.forIngest(frame.getStreamId(), ingestMicros);
        if (stream.isEmpty()) {
            return count(new FrameAdmission.Refused(IngestRefusal.TOO_MANY_STREAMS, "the display shows at most "
                    + registry.maxStreams() + " streams"), remote, frame);
        }
        stream.get().offer(frame, faces, shown, obscured, anonymization, ingestMicros);
        return Optional.empty();
    }

    static String anonymization(String header) {
        String mode = header == null ? "" : header.trim().toLowerCase(Locale.ROOT);
        // Anything but a known mode is shown as unknown, so a header cannot inject text.
        return IngestProtocol.MODES.contains(mode) ? mode : StreamStats.UNKNOWN_MODE;
    }

    private void refuse(Context ctx, FrameAdmission.Refused refused, String remote) {
        count(refused, remote, null);
        ctx.status(refused.reason().status).result(refused.message());
    }

    private Optional<FrameAdmission.Refused> count(FrameAdmission.Refused refused, String remote, Frame frame) {
        counts.add(refused.reason());
        refusals.warn(log, refused.reason().logMessage, e -> {
            e.addKeyValue("remote", remote == null ? "this process" : NetworkText.escape(remote));
            if (frame != null) {
                e.addKeyValue("stream", NetworkText.escape(frame.getStreamId()));
            }
            e.addKeyValue("reason", refused.message());
        });
        return Optional.of(refused);
    }
}
