package dev.veil.sink;

import dev.veil.config.RefusalLog;
import dev.veil.frame.InvalidFrameException;
import dev.veil.stage.VideoFrame;
import dev.veil.stage.WireFrames;
import io.numaproj.numaflow.sinker.Datum;
import io.numaproj.numaflow.sinker.DatumIterator;
import io.numaproj.numaflow.sinker.Response;
import io.numaproj.numaflow.sinker.ResponseList;
import io.numaproj.numaflow.sinker.Sinker;
import java.io.IOException;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link AnonymizingSink} as Numaflow's sink vertex: reads and checks each message, acknowledges and counts what
 * is not a frame (retrying cannot make it valid), and answers a frame the display did not take as a failure, so that
 * Numaflow sends it again. Nothing is thrown out of {@link #processMessages}: the SDK would end the process.
 */
public final class DisplaySink extends Sinker implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(DisplaySink.class);

    private final AnonymizingSink sink;
    private final AtomicLong invalid = new AtomicLong();
    /** A bad sender must not flood the log: one line per kind of drop per window, the rest counted. */
    private final RefusalLog drops = new RefusalLog();

    /** A sink that shows its frames on the display server named by the configuration, over HTTP. */
    public DisplaySink(SinkConfig config) {
        this(config, new DisplayClient(config.displayUrl(), config.ingestToken(), config.postTimeout(),
                config.anonymizer().mode(), config.jpegQuality()));
    }

    /** A sink that shows its frames through {@code display}; {@link #start()} it before the first frame. */
    public DisplaySink(SinkConfig config, DisplayLink display) {
        this.sink = new AnonymizingSink(config, display);
    }

    /** Starts what runs beside the frames (see {@link AnonymizingSink#start()}). */
    public DisplaySink start() {
        sink.start();
        return this;
    }

    @Override
    public ResponseList processMessages(DatumIterator datums) {
        ResponseList.ResponseListBuilder responses = ResponseList.newBuilder();
        while (true) {
            Datum datum;
            try {
                datum = datums.next();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            if (datum == null) {
                break;
            }
            responses.addResponse(handle(datum));
        }
        return responses.build();
    }

    private Response handle(Datum datum) {
        VideoFrame frame;
        try {
            frame = WireFrames.decode(datum.getValue());
        } catch (InvalidFrameException e) {
            // Nothing in it can be shown safely, and retrying cannot make it valid: acknowledge and drop.
            invalid.incrementAndGet();
            drops.warn(log, "message dropped: not a valid frame", w -> w.addKeyValue("id", datum.getId())
                    .addKeyValue("reason", e.getMessage()));
            return Response.responseOK(datum.getId());
        }
        try (frame) {
            AnonymizingSink.Outcome outcome = sink.deliver(frame);
            return outcome.delivery() == AnonymizingSink.Delivery.DISPLAY_REFUSED
                    ? Response.responseFailure(datum.getId(), outcome.reason())
                    : Response.responseOK(datum.getId());
        } catch (RuntimeException e) {
            // Only a bug gets here; the frame is shown to no one, and the SDK would end the process on a throw.
            log.atError().addKeyValue("frame", frame.info().where()).addKeyValue("error", e.toString()).setCause(e)
                    .log("frame withheld by an unexpected error");
            return Response.responseOK(datum.getId());
        }
    }

    /** The sink's counters, with the messages that were not frames among {@code frames} and {@code invalid}. */
    public SinkStats stats() {
        SinkStats s = sink.stats();
        long bad = invalid.get();
        return new SinkStats(s.frames() + bad, s.faces(), s.failedClosed(), s.invalid() + bad, s.displayed(),
                s.postFailures(), s.written(), s.archiveErrors(), s.firstNanos(), s.lastNanos());
    }

    /** Finishes the output files, if any. */
    @Override
    public void close() throws IOException {
        sink.close();
    }
}
