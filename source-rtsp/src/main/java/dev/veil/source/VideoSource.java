package dev.veil.source;

import dev.veil.stage.VideoFrame;
import io.numaproj.numaflow.sourcer.AckRequest;
import io.numaproj.numaflow.sourcer.Message;
import io.numaproj.numaflow.sourcer.Offset;
import io.numaproj.numaflow.sourcer.OutputObserver;
import io.numaproj.numaflow.sourcer.ReadRequest;
import io.numaproj.numaflow.sourcer.Sourcer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.function.DoubleSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The source vertex: one decoder thread per stream fills that stream's bounded queue; Numaflow's reads take
 * from the queues. Files wait for the pipeline (no frame lost) and resume after their last acknowledged frame;
 * live streams drop their oldest frames when the pipeline is behind and reconnect when lost. Offsets are
 * {@code streamId/sequence}, messages are keyed by stream id.
 */
public final class VideoSource extends Sourcer implements AutoCloseable {

    /** The start of each stream's decoding thread's name, the stream's id after it. */
    public static final String DECODER_THREAD_PREFIX = "decoder-";

    private static final Logger log = LoggerFactory.getLogger(VideoSource.class);

    private final SourceConfig config;
    private final boolean asPictures;
    private final FrameQueues queues;
    private final List<StreamReader> readers = new ArrayList<>();
    private final List<AckLedger> ledgers = new ArrayList<>();
    private final Map<String, Integer> streamIndex = new HashMap<>();
    private final PositionStore positionStore;
    /** Last saved position of every file stream, including those not read yet since a restart. */
    private final Map<String, FilePosition> positions = new LinkedHashMap<>();
    private boolean positionSaveFailing;

    /** The cluster's source: frames are read as Numaflow messages ({@link #read}). */
    public VideoSource(SourceConfig config) {
        this(config, Pacer.SYSTEM, CudaDevices.probe(), new Random()::nextDouble, false);
    }

    /**
     * A source for the next stage of this process ({@code veil run}): frames are taken as decoded pictures
     * ({@link #takePictures}), never encoded, and need no acknowledgement.
     */
    public static VideoSource ofPictures(SourceConfig config) {
        return new VideoSource(config, Pacer.SYSTEM, CudaDevices.probe(), new Random()::nextDouble, true);
    }

    VideoSource(SourceConfig config, Pacer.NanoClock clock, CudaDevices cuda, DoubleSupplier jitter) {
        this(config, clock, cuda, jitter, false);
    }

    private VideoSource(SourceConfig config, Pacer.NanoClock clock, CudaDevices cuda, DoubleSupplier jitter,
                        boolean asPictures) {
        this.config = config;
        this.asPictures = asPictures;
        this.queues = new FrameQueues(config.streams().size(), config.queueFrames());
        this.positionStore = config.positionFilePath().map(PositionStore::new).orElse(null);
        Map<String, FilePosition> stored = loadPositions();
        for (int i = 0; i < config.streams().size(); i++) {
            StreamSpec spec = config.streams().get(i);
            VideoInput.Settings settings = new VideoInput.Settings(spec.isLive(), config.rtspTransport(),
                    config.openTimeout(), config.stallTimeout(), config.decoder(), config.decoderThreads(), cuda);
            FilePosition resume = spec.isLive() ? null : stored.get(spec.streamId());
            if (resume != null) {
                positions.put(spec.streamId(), resume);
            }
            readers.add(spec.isLive()
                    ? new LiveStreamReader(i, spec, config, queues, settings, new Pacer(clock),
                            new ReconnectBackoff(config.reconnectMin(), config.reconnectMax(), jitter), asPictures)
                    : new FileStreamReader(i, spec, config, queues, settings, new Pacer(clock), resume, asPictures));
            ledgers.add(new AckLedger());
            streamIndex.put(spec.streamId(), i);
        }
    }

    /** Starts decoding; frames become readable as soon as the first one is decoded. */
    public VideoSource start() {
        readers.forEach(StreamReader::start);
        return this;
    }

    public SourceConfig config() {
        return config;
    }

    /**
     * The next decoded frames, for a source made {@link #ofPictures}: waits up to {@code timeout} for a first one, then
     * takes what is ready, up to {@code max}, one stream after the other. The caller owns them.
     */
    public List<VideoFrame> takePictures(int max, Duration timeout) throws InterruptedException {
        if (!asPictures) {
            throw new IllegalStateException("this source makes Numaflow messages: read them with read()");
        }
        List<VideoFrame> out = new ArrayList<>();
        for (QueuedFrame frame : queues.take(Math.max(1, max), Math.max(1, timeout.toNanos()))) {
            out.add(frame.picture());
            readers.get(frame.stream()).countEmitted();
        }
        return out;
    }

    @Override
    public void read(ReadRequest request, OutputObserver observer) {
        if (asPictures) {
            throw new IllegalStateException("this source makes pictures: take them with takePictures()");
        }
        // Wait for a first frame up to the request's timeout, then take only what is already decoded:
        // waiting to fill `count` would add latency to a live stream.
        List<QueuedFrame> batch;
        try {
            int max = (int) Math.max(1, Math.min(Integer.MAX_VALUE, request.getCount()));
            long timeoutNanos = Math.max(TimeUnit.MILLISECONDS.toNanos(1), request.getTimeout().toNanos());
            batch = queues.take(max, timeoutNanos);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        for (QueuedFrame frame : batch) {
            StreamReader reader = readers.get(frame.stream());
            String id = reader.spec().streamId();
            ledgers.get(frame.stream()).emitted(frame.sequence(), frame.after());
            observer.send(new Message(frame.payload(), offsetOf(id, frame.sequence()), frame.eventTime(),
                    new String[] {id}));
            reader.countEmitted();
        }
    }

    @Override
    public void ack(AckRequest request) {
        boolean filesMoved = false;
        for (Offset offset : request.getOffsets()) {
            String value = new String(offset.getValue(), StandardCharsets.UTF_8);
            int slash = value.lastIndexOf('/');
            Integer stream = slash > 0 ? streamIndex.get(value.substring(0, slash)) : null;
            Long sequence = stream == null ? null : parseSequence(value.substring(slash + 1));
            if (sequence != null && ledgers.get(stream).acknowledge(sequence)) {
                readers.get(stream).countAcknowledged();
                filesMoved |= !readers.get(stream).spec().isLive();
            } else {
                log.atWarn().addKeyValue("offset", value).log("ack for an offset this source did not emit, ignored");
            }
        }
        if (filesMoved && positionStore != null) {
            savePositions();
        }
    }

    /**
     * Frames not yet read: those queued, plus, for files, the pictures the current file still holds by its
     * container's count (later files of a directory are not counted).
     */
    @Override
    public long getPending() {
        return readers.stream().mapToLong(StreamReader::pending).sum();
    }

    @Override
    public List<Integer> getPartitions() {
        return Sourcer.defaultPartitions();
    }

    /** True once every stream has ended (files at their end and not looped) and every decoded frame was read. */
    public boolean isExhausted() {
        return readers.stream().allMatch(StreamReader::finished) && queues.size() == 0;
    }

    public SourceStats stats() {
        return SourceStats.of(readers.stream().map(StreamReader::stats).toList());
    }

    /**
     * Stops every decoder thread; positions are already saved after each acknowledgement. Messages already queued may
     * still be read; pictures already queued are released.
     */
    @Override
    public void close() {
        readers.forEach(StreamReader::close);
        if (asPictures) {
            queues.drain().forEach(QueuedFrame::discard);
        }
    }

    static Offset offsetOf(String streamId, long sequence) {
        return new Offset((streamId + "/" + sequence).getBytes(StandardCharsets.UTF_8),
                Sourcer.defaultPartitions().get(0));
    }

    private static Long parseSequence(String text) {
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private Map<String, FilePosition> loadPositions() {
        if (positionStore == null) {
            return Map.of();
        }
        try {
            Map<String, FilePosition> stored = positionStore.load();
            log.atInfo().addKeyValue("file", positionStore.file()).addKeyValue("streams", stored.size())
                    .log("positions loaded");
            return stored;
        } catch (IOException | IllegalArgumentException e) {
            // Starting over repeats frames; refusing to start would stop the pipeline. Repeats are the lesser harm.
            log.atWarn().addKeyValue("file", positionStore.file()).addKeyValue("error", e.getMessage())
                    .log("positions cannot be read, file streams start from their beginning");
            return Map.of();
        }
    }

    private synchronized void savePositions() {
        for (int i = 0; i < readers.size(); i++) {
            FilePosition committed = ledgers.get(i).committed();
            if (committed != null) {
                positions.put(readers.get(i).spec().streamId(), committed);
            }
        }
        try {
            positionStore.save(positions);
            if (positionSaveFailing) {
                log.atInfo().addKeyValue("file", positionStore.file()).log("positions saved again");
            }
            positionSaveFailing = false;
        } catch (IOException e) {
            if (!positionSaveFailing) {
                log.atWarn().addKeyValue("file", positionStore.file()).addKeyValue("error", e.toString())
                        .log("positions cannot be saved; a restart would repeat frames");
            }
            positionSaveFailing = true;
        }
    }
}
