package dev.veil.source;

import com.google.protobuf.ByteString;
import dev.veil.frame.FrameCodec;
import dev.veil.frame.InvalidFrameException;
import dev.veil.frame.StageClock;
import dev.veil.frame.v1.DetectionStatus;
import dev.veil.frame.v1.Frame;
import io.numaproj.numaflow.sourcer.AckRequest;
import io.numaproj.numaflow.sourcer.Message;
import io.numaproj.numaflow.sourcer.Offset;
import io.numaproj.numaflow.sourcer.OutputObserver;
import io.numaproj.numaflow.sourcer.ReadRequest;
import io.numaproj.numaflow.sourcer.Sourcer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The source vertex: a decoder thread reads the input with FFmpeg into a bounded queue of JPEG frames;
 * Numaflow's reads take from that queue. A full queue blocks the decoder, so a file is never read faster
 * than the pipeline consumes it and no frame is lost.
 */
public final class VideoSource extends Sourcer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(VideoSource.class);
    private static final Duration RECONNECT_DELAY = Duration.ofSeconds(2);

    private record Queued(long sequence, byte[] payload, Instant eventTime) {
    }

    private final SourceConfig config;
    private final Pacer pacer;
    private final BlockingQueue<Queued> queue;
    private final Set<Long> unacknowledged = ConcurrentHashMap.newKeySet();
    private final Thread decoderThread;
    private final AtomicLong decoded = new AtomicLong();
    private final AtomicLong emitted = new AtomicLong();
    private final AtomicLong acknowledged = new AtomicLong();
    private final AtomicLong readErrors = new AtomicLong();
    private volatile long declaredFrames;
    private volatile boolean finished;
    private volatile boolean closed;

    public VideoSource(SourceConfig config) {
        this(config, Pacer.SYSTEM);
    }

    VideoSource(SourceConfig config, Pacer.NanoClock clock) {
        this.config = config;
        this.pacer = new Pacer(clock);
        this.queue = new ArrayBlockingQueue<>(config.queueFrames());
        this.decoderThread = new Thread(this::decodeLoop, "decoder-" + config.streamId());
        this.decoderThread.setDaemon(true);
    }

    /** Starts decoding; frames become readable as soon as the first one is decoded. */
    public VideoSource start() {
        decoderThread.start();
        return this;
    }

    public SourceConfig config() {
        return config;
    }

    @Override
    public void read(ReadRequest request, OutputObserver observer) {
        // Wait for the first frame up to the request's timeout, then take only what is already decoded:
        // waiting to fill `count` would add latency to a live stream.
        List<Queued> batch = new ArrayList<>();
        try {
            Queued first = queue.poll(Math.max(1, request.getTimeout().toMillis()), TimeUnit.MILLISECONDS);
            if (first == null) {
                return;
            }
            batch.add(first);
            queue.drainTo(batch, (int) Math.min(Integer.MAX_VALUE, request.getCount()) - 1);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (Queued q : batch) {
            unacknowledged.add(q.sequence());
            observer.send(new Message(q.payload(), offsetOf(q.sequence()), q.eventTime(),
                    new String[] {config.streamId()}));
            emitted.incrementAndGet();
        }
    }

    @Override
    public void ack(AckRequest request) {
        for (Offset offset : request.getOffsets()) {
            Long sequence = sequenceOf(offset);
            if (sequence != null && unacknowledged.remove(sequence)) {
                acknowledged.incrementAndGet();
            } else {
                log.atWarn().addKeyValue("stream", config.streamId())
                        .addKeyValue("offset", new String(offset.getValue(), StandardCharsets.UTF_8))
                        .log("ack for an offset this source did not emit, ignored");
            }
        }
    }

    /** Frames decoded and not yet read: what this source really holds. */
    @Override
    public long getPending() {
        return queue.size();
    }

    @Override
    public List<Integer> getPartitions() {
        return Sourcer.defaultPartitions();
    }

    /** True once the input has ended (and is not looped) and every decoded frame was read. */
    public boolean isExhausted() {
        return finished && queue.isEmpty();
    }

    public SourceStats stats() {
        return new SourceStats(decoded.get(), emitted.get(), acknowledged.get(), queue.size(), readErrors.get(),
                declaredFrames, finished);
    }

    @Override
    public void close() {
        closed = true;
        decoderThread.interrupt();
        try {
            decoderThread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    Offset offsetOf(long sequence) {
        return new Offset((config.streamId() + "/" + sequence).getBytes(StandardCharsets.UTF_8),
                Sourcer.defaultPartitions().get(0));
    }

    private Long sequenceOf(Offset offset) {
        String value = new String(offset.getValue(), StandardCharsets.UTF_8);
        String prefix = config.streamId() + "/";
        if (!value.startsWith(prefix)) {
            return null;
        }
        try {
            return Long.parseLong(value.substring(prefix.length()));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private void decodeLoop() {
        long sequence = 0;
        long ptsBase = 0;
        Instant startedAt = Instant.now();
        try {
            while (!closed) {
                FrameDecoder decoder;
                try {
                    decoder = FrameDecoder.open(config);
                } catch (IOException e) {
                    readErrors.incrementAndGet();
                    if (!config.isLive()) {
                        log.atError().addKeyValue("stream", config.streamId()).addKeyValue("error", e.getMessage())
                                .log("input cannot be opened, source stops");
                        return;
                    }
                    log.atWarn().addKeyValue("stream", config.streamId()).addKeyValue("error", e.getMessage())
                            .addKeyValue("retry_in", RECONNECT_DELAY).log("stream cannot be opened, retrying");
                    Thread.sleep(RECONNECT_DELAY.toMillis());
                    continue;
                }
                long lastPts = 0;
                long frameMicros;
                try (decoder) {
                    declaredFrames = decoder.declaredFrames();
                    frameMicros = decoder.frameRate() > 0 ? Math.round(1_000_000 / decoder.frameRate()) : 40_000;
                    log.atInfo().addKeyValue("stream", config.streamId()).addKeyValue("input", config.inputForLogs())
                            .addKeyValue("size", decoder.width() + "x" + decoder.height())
                            .addKeyValue("fps", Math.round(decoder.frameRate() * 100) / 100.0)
                            .addKeyValue("codec", decoder.codec()).addKeyValue("pacing", config.pacing())
                            .log("input opened");
                    FrameDecoder.DecodedFrame picture;
                    while (!closed) {
                        long start = StageClock.nowMicros();
                        try {
                            picture = decoder.next();
                        } catch (IOException e) {
                            readErrors.incrementAndGet();
                            log.atWarn().addKeyValue("stream", config.streamId())
                                    .addKeyValue("error", RedactedUrl.scrub(e.getMessage(), config.input()))
                                    .addKeyValue("after_frames", sequence).log("input read failed, treating as its end");
                            break;
                        }
                        if (picture == null) {
                            break;
                        }
                        lastPts = picture.ptsMicros();
                        long pts = ptsBase + picture.ptsMicros();
                        if (config.pacing() == SourceConfig.Pacing.REALTIME) {
                            pacer.await(pts);
                        }
                        enqueue(sequence++, pts, picture, start, startedAt);
                    }
                }
                if (closed) {
                    return;
                }
                if (config.isLive()) {
                    log.atWarn().addKeyValue("stream", config.streamId()).addKeyValue("retry_in", RECONNECT_DELAY)
                            .log("stream ended, reconnecting");
                    Thread.sleep(RECONNECT_DELAY.toMillis());
                } else if (config.atEnd() == SourceConfig.AtEnd.LOOP) {
                    ptsBase += lastPts + frameMicros;
                    log.atInfo().addKeyValue("stream", config.streamId()).addKeyValue("frames", sequence)
                            .log("end of input, looping");
                } else {
                    log.atInfo().addKeyValue("stream", config.streamId()).addKeyValue("frames", sequence)
                            .log("end of input, source stops");
                    return;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            finished = true;
        }
    }

    private void enqueue(long sequence, long ptsMicros, FrameDecoder.DecodedFrame picture, long startMicros,
                         Instant startedAt) throws InterruptedException {
        long captured = StageClock.nowMicros();
        Frame frame = Frame.newBuilder()
                .setStreamId(config.streamId())
                .setSequence(sequence)
                .setPtsMicros(ptsMicros)
                .setCaptureTimeMicros(captured)
                .setWidth(picture.width())
                .setHeight(picture.height())
                .setJpeg(ByteString.copyFrom(picture.jpeg()))
                .setDetectionStatus(DetectionStatus.DETECTION_STATUS_NOT_RUN)
                .addStages(StageClock.stage(StageClock.SOURCE, startMicros))
                .build();
        byte[] payload;
        try {
            payload = FrameCodec.encode(frame);
        } catch (InvalidFrameException e) {
            // Cannot happen for a frame we just encoded; if it does, skip it rather than emit garbage.
            log.atError().addKeyValue("stream", config.streamId()).addKeyValue("sequence", sequence)
                    .addKeyValue("error", e.getMessage()).log("frame dropped");
            return;
        }
        // Live input: the moment it was captured. Files: where the frame sits in the video, so watermarks
        // follow the video's own time even when it is read faster than real time.
        Instant eventTime = config.isLive() ? StageClock.toInstant(captured) : startedAt.plusNanos(ptsMicros * 1_000L);
        queue.put(new Queued(sequence, payload, eventTime));
        decoded.incrementAndGet();
    }
}
