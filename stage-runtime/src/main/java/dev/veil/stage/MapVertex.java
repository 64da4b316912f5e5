package dev.veil.stage;

import dev.veil.config.RefusalLog;
import dev.veil.frame.InvalidFrameException;
import io.numaproj.numaflow.mapper.Datum;
import io.numaproj.numaflow.mapper.Mapper;
import io.numaproj.numaflow.mapper.Message;
import io.numaproj.numaflow.mapper.MessageList;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link MapStage} as a Numaflow map vertex: reads and checks each message ({@link WireFrames}), drops and counts
 * what is not a frame, runs the stage, stamps its timing and writes the message on. Nothing is thrown out of
 * {@link #processMessage}: numaflow-java ends the process on any exception, so a frame a bug would have thrown on is
 * dropped (never shown) and logged instead.
 */
public final class MapVertex extends Mapper {

    private static final Logger log = LoggerFactory.getLogger(MapVertex.class);

    /** Messages in, and what happened to those not passed on. */
    public record Counts(long messages, long invalid, long dropped, long failed) {
    }

    /** A picture a stage built on {@link #MapVertex(MapStage)} changed is a bug, dropped as such (never sent). */
    private static final int NEVER_ENCODES = 0;

    private final MapStage stage;
    private final int jpegQuality;
    private final AtomicLong messages = new AtomicLong();
    private final AtomicLong invalid = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    /** A bad sender must not flood the log: one line per kind of drop per window, the rest counted. */
    private final RefusalLog drops = new RefusalLog();

    /** @param jpegQuality quality of the JPEG of a picture the stage changed (one it did not change leaves as it came) */
    public MapVertex(MapStage stage, int jpegQuality) {
        if (jpegQuality < 1 || jpegQuality > 100) {
            throw new IllegalArgumentException("JPEG quality " + jpegQuality + " is outside 1..100");
        }
        this.stage = stage;
        this.jpegQuality = jpegQuality;
    }

    /** For a stage that never changes pictures (each leaves as the JPEG it came as). */
    public MapVertex(MapStage stage) {
        this.stage = stage;
        this.jpegQuality = NEVER_ENCODES;
    }

    @Override
    public MessageList processMessage(String[] keys, Datum datum) {
        messages.incrementAndGet();
        VideoFrame in;
        try {
            in = WireFrames.decode(datum.getValue());
        } catch (InvalidFrameException e) {
            invalid.incrementAndGet();
            byte[] value = datum.getValue();
            drops.warn(log, "message dropped: not a valid frame", w -> w.addKeyValue("stage", stage.name())
                    .addKeyValue("keys", keys == null ? "" : String.join(",", keys))
                    .addKeyValue("bytes", value == null ? 0 : value.length).addKeyValue("reason", e.getMessage()));
            return drop();
        }
        VideoFrame out = null;
        try {
            out = MapStage.timed(stage, in);
            return MessageList.newBuilder().addMessage(new Message(WireFrames.encode(out, jpegQuality), keys))
                    .build();
        } catch (FrameDropped e) {
            dropped.incrementAndGet();
            drops.warn(log, "frame dropped: " + e.event(), w -> w.addKeyValue("stage", stage.name())
                    .addKeyValue("frame", in.info().where()).addKeyValue("reason", e.getMessage()));
            return drop();
        } catch (InvalidFrameException | RuntimeException e) {
            // Only a bug gets here; the frame is lost, never shown unblurred.
            failed.incrementAndGet();
            log.atError().addKeyValue("stage", stage.name()).addKeyValue("frame", in.info().where())
                    .addKeyValue("error", e.toString()).setCause(e).log("frame dropped by an unexpected error");
            return drop();
        } finally {
            in.close();
            if (out != null) {
                out.close();
            }
        }
    }

    public Counts counts() {
        return new Counts(messages.get(), invalid.get(), dropped.get(), failed.get());
    }

    private static MessageList drop() {
        return MessageList.newBuilder().addMessage(Message.toDrop()).build();
    }
}
