package dev.veil.source;

import dev.veil.frame.FrameCodec;
import dev.veil.frame.InvalidFrameException;
import dev.veil.frame.JpegCodec;
import dev.veil.frame.StageClock;
import dev.veil.stage.FrameInfo;
import dev.veil.stage.Picture;
import dev.veil.stage.VideoFrame;
import dev.veil.stage.WireFrames;
import java.time.Duration;
import java.time.Instant;
import org.bytedeco.opencv.opencv_core.Mat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns one stream's decoded pictures into queued frames: skips damaged pictures, paces files, and queues each frame
 * as a Numaflow message (the JPEG and the frame encoded, frames over the size limit refused) or as a picture for the
 * next stage of this process (a live stream dropping its
 * oldest frame when full, a file waiting). Keeps the stream's sequence and presentation time going across
 * files, loops and reconnects. Owned by the stream's decoder thread.
 */
final class FrameEmitter {

    private static final Logger log = LoggerFactory.getLogger(FrameEmitter.class);
    /** While a live stream keeps dropping frames, one summary line at most this often. */
    private static final long DROP_LOG_INTERVAL_NANOS = Duration.ofMinutes(1).toNanos();

    private final int stream;
    private final String id;
    private final SourceConfig config;
    private final FrameQueues queues;
    private final Pacer pacer;
    private final StreamCounters counters;
    private final boolean asPictures;
    private final Instant startedAt = Instant.now();
    private long sequence;
    private long ptsBase;
    private boolean skippingDamage;
    private boolean oversizeRun;
    private long dropsSinceLog;
    private long lastDropLogNanos;

    /** @param asPictures queue decoded pictures ({@code veil run}) instead of Numaflow messages */
    FrameEmitter(int stream, String id, SourceConfig config, FrameQueues queues, Pacer pacer, StreamCounters counters,
                 boolean asPictures) {
        this.asPictures = asPictures;
        this.stream = stream;
        this.id = id;
        this.config = config;
        this.queues = queues;
        this.pacer = pacer;
        this.counters = counters;
    }

    /** Continues a stream from a stored position: its next sequence number and its file's start time. */
    void resumeAt(long nextSequence, long ptsBaseMicros) {
        sequence = nextSequence;
        ptsBase = ptsBaseMicros;
    }

    long sequence() {
        return sequence;
    }

    long ptsBase() {
        return ptsBase;
    }

    /** A new input opened: it starts with a key frame, so any damage of the previous one is behind. */
    void inputOpened() {
        skippingDamage = false;
    }

    /** An input ended after a picture at {@code lastPtsMicros}: the next input's time continues after it. */
    void inputEnded(long lastPtsMicros, long frameMicros) {
        if (lastPtsMicros >= 0) {
            ptsBase += lastPtsMicros + frameMicros;
        }
    }

    /**
     * A damaged picture, and every picture after it up to the next key frame (they are predicted from it and
     * would show its smear), is skipped; the first of a run is logged and counted as one decode error.
     */
    boolean skipDamaged(VideoInput.Picture picture, String forLogs, long pictureIndex) {
        boolean damaged = picture.damage() != null;
        if (!damaged && (!skippingDamage || picture.keyFrame())) {
            skippingDamage = false;
            return false;
        }
        if (!skippingDamage) {
            counters.decodeErrors.incrementAndGet();
            counters.lastProblem.set("video damaged at picture " + pictureIndex + ": " + picture.damage());
            log.atWarn().addKeyValue("stream", id).addKeyValue("input", forLogs).addKeyValue("picture", pictureIndex)
                    .addKeyValue("error", picture.damage())
                    .log("video damaged, pictures skipped until the next key frame");
        }
        skippingDamage = true;
        counters.damagedFrames.incrementAndGet();
        return true;
    }

    /** Whether the last input ended inside a run of damage (its end is then part of that event). */
    boolean inDamage() {
        return skippingDamage;
    }

    /**
     * Encodes the input's current picture and queues it. {@code file} is null for a live stream; for a file,
     * {@code picturesDone} is how many of its pictures are done once this one is acknowledged.
     */
    void emit(VideoInput input, VideoInput.Picture picture, long startMicros, String file, long picturesDone)
            throws InterruptedException {
        long pts = ptsBase + picture.ptsMicros();
        if (file != null && config.pacing() == SourceConfig.Pacing.REALTIME) {
            pacer.await(pts);
        }
        FrameSizeLimit.Size size = config.maxFrameSize().map(limit -> limit.fit(picture.width(), picture.height()))
                .orElse(new FrameSizeLimit.Size(picture.width(), picture.height()));
        Mat pixels = input.pixels(size.width(), size.height());
        // A message's capture time follows its JPEG encode, as the picture is then ready to leave.
        byte[] jpeg = asPictures ? null : JpegCodec.encode(pixels, config.jpegQuality());
        long captured = StageClock.nowMicros();
        FrameInfo info = FrameInfo.captured(id, sequence, pts, captured).withStage(StageClock.SOURCE, startMicros);
        byte[] payload = null;
        VideoFrame decoded = null;
        if (asPictures) {
            // The decoder's buffer is reused for the next picture: the next stage gets a copy of its own.
            decoded = new VideoFrame(info, Picture.of(pixels.clone()));
        } else {
            try {
                payload = FrameCodec.encode(WireFrames.toProto(info, jpeg, size.width(), size.height()));
            } catch (InvalidFrameException e) {
                // Cannot happen for a frame built just above; if it does, skip it rather than emit garbage.
                log.atError().addKeyValue("stream", id).addKeyValue("sequence", sequence)
                        .addKeyValue("error", e.getMessage()).log("frame dropped");
                return;
            }
            if (payload.length > config.maxFrameBytes()) {
                counters.oversizeFrames.incrementAndGet();
                if (!oversizeRun) {
                    log.atWarn().addKeyValue("stream", id).addKeyValue("bytes", payload.length)
                            .addKeyValue("limit", config.maxFrameBytes())
                            .addKeyValue("size", picture.width() + "x" + picture.height())
                            .log("frame larger than " + SourceConfig.MAX_FRAME_BYTES
                                    + ", not emitted; lower " + SourceConfig.JPEG_QUALITY + " or raise the limit");
                }
                oversizeRun = true;
                return;
            }
            oversizeRun = false;
        }
        // Live input: the moment it was captured. Files: where the frame sits in the video, so watermarks
        // follow the video's own time even when it is read faster than real time.
        Instant eventTime = file == null ? StageClock.toInstant(captured) : startedAt.plusNanos(pts * 1_000L);
        FilePosition after = file == null ? null : new FilePosition(sequence + 1, file, picturesDone, ptsBase);
        QueuedFrame queued = new QueuedFrame(stream, sequence, payload, decoded, eventTime, after);
        sequence++;
        if (file != null) {
            queues.put(queued);
            counters.decoded.incrementAndGet();
            return;
        }
        QueuedFrame lost = queues.putDroppingOldest(queued);
        counters.decoded.incrementAndGet();
        if (lost != null) {
            lost.discard();
            counters.dropped.incrementAndGet();
            noteDrop();
        }
    }

    private void noteDrop() {
        dropsSinceLog++;
        long now = System.nanoTime();
        if (lastDropLogNanos == 0 || now - lastDropLogNanos >= DROP_LOG_INTERVAL_NANOS) {
            log.atWarn().addKeyValue("stream", id).addKeyValue("dropped", dropsSinceLog)
                    .addKeyValue("dropped_total", counters.dropped.get()).addKeyValue("queue_frames", queues.capacity())
                    .log("downstream slower than the stream, oldest frames dropped");
            lastDropLogNanos = now;
            dropsSinceLog = 0;
        }
    }
}
