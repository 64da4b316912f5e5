package dev.veil.resize;

import dev.veil.config.RefusalLog;
import dev.veil.frame.FrameCodec;
import dev.veil.frame.InvalidFrameException;
import dev.veil.frame.StageClock;
import dev.veil.frame.v1.Frame;
import io.numaproj.numaflow.mapper.Datum;
import io.numaproj.numaflow.mapper.Mapper;
import io.numaproj.numaflow.mapper.Message;
import io.numaproj.numaflow.mapper.MessageList;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The filter-resize vertex: scales each frame for the display and the detector. A message that is not a
 * valid frame, or whose picture cannot be processed, is dropped (logged and counted): nothing downstream
 * could show it safely, and the SDK would kill the vertex if we threw.
 */
public final class ResizeMapper extends Mapper {

    private static final Logger log = LoggerFactory.getLogger(ResizeMapper.class);

    private final FrameResizer resizer;
    private final AtomicLong frames = new AtomicLong();
    private final AtomicLong resized = new AtomicLong();
    private final AtomicLong invalid = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    /** A bad sender must not flood the log: one line per kind of drop per window, the rest counted. */
    private final RefusalLog drops = new RefusalLog();

    public ResizeMapper(ResizeConfig config) {
        this.resizer = new FrameResizer(config);
    }

    @Override
    public MessageList processMessage(String[] keys, Datum datum) {
        long start = StageClock.nowMicros();
        frames.incrementAndGet();
        final Frame frame;
        try {
            frame = FrameCodec.decode(datum.getValue());
        } catch (InvalidFrameException e) {
            invalid.incrementAndGet();
            drops.warn(log, "message dropped: not a valid frame", w -> w.addKeyValue("reason", e.getMessage()));
            return drop();
        }
        try {
            Frame out = resizer.resize(frame);
            if (out != frame) {
                resized.incrementAndGet();
            }
            out = out.toBuilder().addStages(StageClock.stage(StageClock.RESIZE, start)).build();
            return MessageList.newBuilder().addMessage(new Message(FrameCodec.encode(out), keys)).build();
        } catch (InvalidFrameException | RuntimeException e) {
            failed.incrementAndGet();
            drops.warn(log, "frame dropped: picture cannot be resized", w -> w.addKeyValue("stream", frame.getStreamId())
                    .addKeyValue("sequence", frame.getSequence()).addKeyValue("reason", e.getMessage()));
            return drop();
        }
    }

    public ResizeStats stats() {
        return new ResizeStats(frames.get(), resized.get(), invalid.get(), failed.get());
    }

    private static MessageList drop() {
        return MessageList.newBuilder().addMessage(Message.toDrop()).build();
    }
}
