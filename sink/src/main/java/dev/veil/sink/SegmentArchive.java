package dev.veil.sink;

import dev.veil.frame.StageClock;
import dev.veil.stage.FrameInfo;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongSupplier;
import java.util.regex.Pattern;
import org.bytedeco.opencv.opencv_core.Mat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The archive: each stream's anonymized video as H.264 MP4 segments of about {@code segmentLength} of video, in
 * a folder per stream under {@code dir}. A segment is written under a hidden temporary name ({@code .NAME.part})
 * and renamed to {@code NAME.mp4} once finished, so whoever lists {@code *.mp4} never sees a file that cannot be
 * played. A segment ends when its video reaches the length, when its stream restarts, when its stream sends
 * nothing for {@code segmentLength}, and when the sink stops. A crash leaves the open segments as {@code .part}
 * files, which no player can read and which are safe to delete.
 */
final class SegmentArchive implements FrameArchive {

    /** Each open segment holds an encoder: bound what stream ids from the network can make the sink hold. */
    static final int MAX_STREAMS = 16;
    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9._-]{1,80}");
    private static final DateTimeFormatter NAME_TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss.SSS'Z'")
            .withZone(ZoneOffset.UTC);

    private static final Logger log = LoggerFactory.getLogger(SegmentArchive.class);

    private final Path dir;
    private final long segmentMicros;
    private final double frameRate;
    private final H264EncoderChoice encoder;
    /** Monotonic nanoseconds: when a stream last wrote, and whether it has been idle for a segment's length. */
    private final LongSupplier nanoClock;
    private final Map<String, StreamSegments> streams = new LinkedHashMap<>();
    private final Set<String> refusedStreams = new HashSet<>();
    private long framesWritten;
    private long segmentsFinished;

    SegmentArchive(Path dir, Duration segmentLength, double frameRate, H264EncoderChoice encoder) {
        this(dir, segmentLength, frameRate, encoder, System::nanoTime);
    }

    /** @param nanoClock monotonic nanoseconds, for the idle expiry ({@link System#nanoTime} but in tests) */
    SegmentArchive(Path dir, Duration segmentLength, double frameRate, H264EncoderChoice encoder,
                   LongSupplier nanoClock) {
        this.dir = dir;
        this.segmentMicros = segmentLength.toNanos() / 1_000;
        this.frameRate = frameRate;
        this.encoder = encoder;
        this.nanoClock = nanoClock;
    }

    @Override
    public synchronized void write(FrameInfo frame, Mat anonymized) throws IOException {
        StreamSegments stream = streams.get(frame.streamId());
        if (stream == null) {
            if (streams.size() >= MAX_STREAMS) {
                if (refusedStreams.size() < MAX_STREAMS && refusedStreams.add(frame.streamId())) {
                    log.atWarn().addKeyValue("stream", frame.streamId()).addKeyValue("limit", MAX_STREAMS)
                            .log("stream not archived: too many streams in one sink");
                }
                return;
            }
            stream = new StreamSegments(frame.streamId(), dir.resolve(folderName(frame.streamId())));
            streams.put(frame.streamId(), stream);
        }
        stream.write(frame, anonymized);
    }

    @Override
    public synchronized void finishIdle() {
        long now = nanoClock.getAsLong();
        for (StreamSegments stream : streams.values()) {
            if (stream.isOpen() && now - stream.lastWriteNanos > segmentMicros * 1_000) {
                stream.finishQuietly("idle");
            }
        }
    }

    @Override
    public synchronized long framesWritten() {
        return framesWritten;
    }

    synchronized long segmentsFinished() {
        return segmentsFinished;
    }

    @Override
    public synchronized void close() throws IOException {
        List<IOException> failures = new ArrayList<>();
        for (StreamSegments stream : streams.values()) {
            if (stream.isOpen()) {
                try {
                    stream.finish("stop");
                } catch (IOException e) {
                    failures.add(e);
                }
            }
        }
        if (!failures.isEmpty()) {
            IOException first = failures.get(0);
            failures.subList(1, failures.size()).forEach(first::addSuppressed);
            throw first;
        }
    }

    /**
     * The folder of a stream: its id when that is a plain file name; otherwise the id with every other character
     * replaced and a hash of the whole id added, so two ids never share a folder and no id can climb out of
     * {@code dir}.
     */
    static String folderName(String streamId) {
        if (SAFE.matcher(streamId).matches() && !streamId.startsWith(".")) {
            return streamId;
        }
        String cleaned = streamId.replaceAll("[^A-Za-z0-9_-]", "_");
        if (cleaned.length() > 60) {
            cleaned = cleaned.substring(0, 60);
        }
        return cleaned + "-" + shortHash(streamId);
    }

    private static String shortHash(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            StringBuilder hex = new StringBuilder();
            for (int i = 0; i < 5; i++) {
                hex.append(String.format("%02x", digest[i]));
            }
            return hex.toString();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    /** One stream's folder, its open segment and where it is in the stream. */
    private final class StreamSegments {
        private final String id;
        private final Path folder;
        private final WriteOrder order = new WriteOrder();
        private VideoFileWriter writer;
        private Path part;
        private Path finished;
        private long startPts;
        private long lastWriteNanos;

        StreamSegments(String id, Path folder) {
            this.id = id;
            this.folder = folder;
        }

        boolean isOpen() {
            return writer != null;
        }

        void write(FrameInfo frame, Mat picture) throws IOException {
            WriteOrder.Verdict verdict = order.check(frame.sequence(), frame.captureMicros());
            if (verdict == WriteOrder.Verdict.BEHIND) {
                return;
            }
            if (isOpen() && (verdict == WriteOrder.Verdict.RESTARTED || frame.ptsMicros() < startPts
                    || frame.ptsMicros() - startPts >= segmentMicros)) {
                finish(verdict == WriteOrder.Verdict.RESTARTED ? "stream restarted" : "length");
            }
            if (!isOpen()) {
                start(frame);
            }
            try {
                writer.write(picture, frame.ptsMicros() - startPts);
            } catch (IOException e) {
                abandon();
                throw e;
            }
            order.written(frame.sequence(), frame.captureMicros());
            lastWriteNanos = nanoClock.getAsLong();
            framesWritten++;
        }

        private void start(FrameInfo first) throws IOException {
            Files.createDirectories(folder);
            String name = NAME_TIME.format(StageClock.toInstant(first.captureMicros())) + "-"
                    + Long.toUnsignedString(first.sequence());
            finished = folder.resolve(name + ".mp4");
            part = folder.resolve("." + name + ".part");
            writer = new VideoFileWriter(part, frameRate, encoder);
            startPts = first.ptsMicros();
        }

        /** Closes the segment (writing the MP4 index), makes it durable, and gives it its real name. */
        void finish(String why) throws IOException {
            VideoFileWriter closing = writer;
            writer = null;
            long frames = closing.framesWritten();
            try {
                closing.close();
                try (FileChannel channel = FileChannel.open(part, StandardOpenOption.WRITE)) {
                    channel.force(true);
                }
                Files.move(part, finished, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (IOException e) {
                Files.deleteIfExists(part);
                throw e;
            }
            segmentsFinished++;
            log.atInfo().addKeyValue("stream", id).addKeyValue("file", finished).addKeyValue("frames", frames)
                    .addKeyValue("reason", why).log("segment finished");
        }

        void finishQuietly(String why) {
            try {
                finish(why);
            } catch (IOException e) {
                log.atWarn().addKeyValue("stream", id).addKeyValue("file", finished)
                        .addKeyValue("reason", String.valueOf(e.getMessage())).log("segment lost: could not finish it");
            }
        }

        /** After a failed write the file cannot be trusted: drop it; the next frame starts a new segment. */
        private void abandon() {
            VideoFileWriter failed = writer;
            writer = null;
            try {
                failed.close();
            } catch (IOException | RuntimeException ignored) {
                // already failing; the file is deleted below
            }
            try {
                Files.deleteIfExists(part);
            } catch (IOException e) {
                log.atWarn().addKeyValue("file", part).addKeyValue("reason", e.getMessage()).log("could not delete");
            }
        }
    }
}
