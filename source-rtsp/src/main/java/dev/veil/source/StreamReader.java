package dev.veil.source;

import dev.veil.config.Env;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One stream's decoder thread: opens its input(s), decodes, and hands each picture to its {@link FrameEmitter}.
 * A live stream ({@link LiveStreamReader}) is reopened with backoff whenever it ends, fails or stalls; files
 * ({@link FileStreamReader}) play one after the other, resume after the last acknowledged frame, and stop or
 * loop at the end. Each event is logged once, with key-values, and counted.
 */
abstract class StreamReader {

    private static final Logger log = LoggerFactory.getLogger(StreamReader.class);
    private static final long DEFAULT_FRAME_MICROS = 40_000;

    protected final int index;
    protected final StreamSpec spec;
    protected final String id;
    protected final SourceConfig config;
    protected final FrameQueues queues;
    protected final VideoInput.Settings settings;
    protected final StreamCounters counters = new StreamCounters();
    protected final FrameEmitter emitter;
    private final Thread thread;
    private volatile String decoder = "";
    private volatile boolean finished;
    private volatile boolean closed;
    private volatile InterruptFlag current;

    /** @param asPictures queue decoded pictures ({@code veil run}) instead of Numaflow messages */
    protected StreamReader(int index, StreamSpec spec, SourceConfig config, FrameQueues queues,
                           VideoInput.Settings settings, Pacer pacer, boolean asPictures) {
        this.index = index;
        this.spec = spec;
        this.id = spec.streamId();
        this.config = config;
        this.queues = queues;
        this.settings = settings;
        this.emitter = new FrameEmitter(index, id, config, queues, pacer, counters, asPictures);
        this.thread = new Thread(this::run, VideoSource.DECODER_THREAD_PREFIX + id);
        this.thread.setDaemon(true);
    }

    /** Reads the stream until it is done or the source closes. */
    protected abstract void play() throws InterruptedException;

    /** Frames this stream still has for Numaflow. */
    abstract long pending();

    /** Frames the current input says it has; 0 when unknown. */
    protected long declaredFrames() {
        return 0;
    }

    /** A live stream that delivers nothing now; empty while it delivers, and always for files. */
    protected Optional<Outage> outage() {
        return Optional.empty();
    }

    /** Keeps the latest failure or damage for the stream's stats (a summary can then say why nothing came). */
    protected void noteProblem(String problem) {
        counters.lastProblem.set(problem);
    }

    void start() {
        thread.start();
    }

    StreamSpec spec() {
        return spec;
    }

    void countEmitted() {
        counters.emitted.incrementAndGet();
    }

    void countAcknowledged() {
        counters.acknowledged.incrementAndGet();
    }

    boolean finished() {
        return finished;
    }

    StreamStats stats() {
        StreamCounters c = counters;
        return new StreamStats(id, spec.inputForLogs(), spec.isLive(), decoder, c.decoded.get(), c.emitted.get(),
                c.acknowledged.get(), c.dropped.get(), queues.size(index), c.readErrors.get(), c.decodeErrors.get(),
                c.damagedFrames.get(), c.unreadFrames.get(), c.oversizeFrames.get(), c.stalls.get(),
                c.reconnects.get(), declaredFrames(), finished, Optional.ofNullable(c.lastProblem.get()), outage());
    }

    /** Stops the thread, breaking off any network wait at once. */
    void close() {
        closed = true;
        InterruptFlag flag = current;
        if (flag != null) {
            flag.abort();
        }
        thread.interrupt();
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    protected boolean closed() {
        return closed;
    }

    /** A fresh interrupt flag for the next input, which {@link #close()} can raise; null when closing. */
    protected InterruptFlag newFlag() {
        InterruptFlag flag = new InterruptFlag();
        current = flag;
        if (closed) {
            releaseFlag(flag);
            return null;
        }
        return flag;
    }

    protected void releaseFlag(InterruptFlag flag) {
        flag.close();
        current = null;
    }

    /** Logs, once per stream and whenever it changes, which decoder is used and why. */
    protected void noteDecoder(VideoInput input) {
        if (!input.decoderName().equals(decoder)) {
            decoder = input.decoderName();
            log.atInfo().addKeyValue("stream", id).addKeyValue("codec", input.codecName())
                    .addKeyValue("decoder", decoder).addKeyValue("reason", input.decoderReason())
                    .log(decoder.endsWith("_cuvid") ? "decoding with NVDEC" : "decoding on the CPU");
        }
    }

    protected void logOpened(VideoInput input, String forLogs, long skip) {
        var event = log.atInfo().addKeyValue("stream", id).addKeyValue("input", forLogs)
                .addKeyValue("size", input.width() + "x" + input.height())
                .addKeyValue("fps", Math.round(input.frameRate() * 100) / 100.0)
                .addKeyValue("codec", input.codecName());
        if (!spec.isLive()) {
            event = event.addKeyValue("pacing", Env.spelling(config.pacing()));
        }
        if (skip > 0) {
            event = event.addKeyValue("resume_after_pictures", skip);
        }
        event.log("input opened");
    }

    protected static long frameMicros(VideoInput input) {
        double fps = input.frameRate();
        return fps > 0 ? Math.round(1_000_000 / fps) : DEFAULT_FRAME_MICROS;
    }

    private void run() {
        try {
            play();
        } catch (InterruptedException e) {
            // closing
        } catch (RuntimeException e) {
            // A bug, not bad input: say so with the trace, and keep the other streams and the vertex running.
            log.atError().addKeyValue("stream", id).setCause(e).log("stream stopped by an unexpected error");
        } finally {
            finished = true;
        }
    }
}
