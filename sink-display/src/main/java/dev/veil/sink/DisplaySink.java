package dev.veil.sink;

import com.google.protobuf.ByteString;
import dev.veil.frame.FrameCodec;
import dev.veil.frame.InvalidFrameException;
import dev.veil.frame.JpegCodec;
import dev.veil.frame.StageClock;
import dev.veil.frame.v1.DetectionStatus;
import dev.veil.frame.v1.Frame;
import io.numaproj.numaflow.sinker.Datum;
import io.numaproj.numaflow.sinker.DatumIterator;
import io.numaproj.numaflow.sinker.Response;
import io.numaproj.numaflow.sinker.ResponseList;
import io.numaproj.numaflow.sinker.Sinker;
import java.io.IOException;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.bytedeco.opencv.opencv_core.Mat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sink vertex, the last place a face could leak: every frame leaves it anonymized, or obscured whole when
 * its faces are not known, or not at all. Frames go to the display server (and optionally to an MP4 file).
 * A frame the display server does not accept is answered to Numaflow as a failure, so Numaflow retries it.
 */
public final class DisplaySink extends Sinker implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(DisplaySink.class);

    private final SinkConfig config;
    private final Anonymizer anonymizer;
    private final DisplayClient display;
    private final VideoFileWriter file;
    private String fileStream;
    private long lastWrittenSequence = -1;

    private final AtomicLong frames = new AtomicLong();
    private final AtomicLong faces = new AtomicLong();
    private final AtomicLong failedClosed = new AtomicLong();
    private final AtomicLong invalid = new AtomicLong();
    private final AtomicLong displayed = new AtomicLong();
    private final AtomicLong postFailures = new AtomicLong();

    public DisplaySink(SinkConfig config) {
        this.config = config;
        this.anonymizer = new Anonymizer(config.mode(), config.margin());
        this.display = new DisplayClient(config.displayUrl(), config.ingestToken(), config.postTimeout());
        this.file = config.outputFile().map(f -> new VideoFileWriter(f, config.outputFps())).orElse(null);
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

    public SinkStats stats() {
        return new SinkStats(frames.get(), faces.get(), failedClosed.get(), invalid.get(), displayed.get(),
                postFailures.get(), file == null ? 0 : file.framesWritten());
    }

    /** Finishes the output file, if any. */
    @Override
    public synchronized void close() throws IOException {
        if (file != null) {
            file.close();
        }
    }

    private Response handle(Datum datum) {
        long start = StageClock.nowMicros();
        frames.incrementAndGet();
        Frame frame;
        try {
            frame = FrameCodec.decode(datum.getValue());
        } catch (InvalidFrameException e) {
            // Nothing in it can be shown safely, and retrying cannot make it valid: acknowledge and drop.
            invalid.incrementAndGet();
            log.atWarn().addKeyValue("id", datum.getId()).addKeyValue("reason", e.getMessage())
                    .log("message dropped: not a valid frame");
            return Response.responseOK(datum.getId());
        }
        boolean facesKnown = frame.getDetectionStatus() == DetectionStatus.DETECTION_STATUS_OK;
        if (!facesKnown) {
            failedClosed.incrementAndGet();
            log.atWarn().addKeyValue("stream", frame.getStreamId()).addKeyValue("sequence", frame.getSequence())
                    .addKeyValue("status", frame.getDetectionStatus())
                    .addKeyValue("error", frame.getDetectionError()).addKeyValue("policy", config.onFailure())
                    .log("faces unknown, failing closed");
        }
        Optional<Frame> safe;
        try {
            safe = makeSafe(frame, facesKnown);
        } catch (InvalidFrameException | IOException | RuntimeException e) {
            // The picture could not be anonymized (or written): it is shown to no one; Numaflow may retry it.
            log.atWarn().addKeyValue("stream", frame.getStreamId()).addKeyValue("sequence", frame.getSequence())
                    .addKeyValue("reason", String.valueOf(e.getMessage())).log("frame withheld: could not anonymize");
            if (facesKnown) {
                failedClosed.incrementAndGet();
            }
            return Response.responseFailure(datum.getId(), "could not anonymize: " + e.getMessage());
        }
        if (safe.isEmpty()) {
            return Response.responseOK(datum.getId());
        }
        try {
            Frame out = safe.get().toBuilder().addStages(StageClock.stage(StageClock.SINK, start)).build();
            display.send(FrameCodec.encode(out));
            displayed.incrementAndGet();
            return Response.responseOK(datum.getId());
        } catch (IOException | InvalidFrameException e) {
            postFailures.incrementAndGet();
            log.atWarn().addKeyValue("stream", frame.getStreamId()).addKeyValue("sequence", frame.getSequence())
                    .addKeyValue("display", display.ingestUrl()).addKeyValue("reason", String.valueOf(e.getMessage()))
                    .log("display did not take the frame, Numaflow will retry");
            return Response.responseFailure(datum.getId(), "display: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Response.responseFailure(datum.getId(), "interrupted while sending to the display");
        }
    }

    /**
     * The frame as it may be shown: faces anonymized, or the whole picture obscured when its faces are not
     * known, or nothing (dropped by policy). Writes it to the output file on the way.
     */
    private Optional<Frame> makeSafe(Frame frame, boolean facesKnown) throws InvalidFrameException, IOException {
        if (!facesKnown && config.onFailure() == FailurePolicy.DROP) {
            return Optional.empty();
        }
        if (facesKnown && frame.getDetectionsCount() == 0 && file == null) {
            return Optional.of(frame); // nothing to hide and nothing to write: no need to re-encode
        }
        try (Mat image = JpegCodec.decode(frame.getJpeg().toByteArray())) {
            if (facesKnown) {
                anonymizer.anonymize(image, frame.getDetectionsList());
                faces.addAndGet(frame.getDetectionsCount());
            } else {
                Anonymizer.obscureWholeFrame(image);
            }
            writeToFile(frame, image);
            if (facesKnown && frame.getDetectionsCount() == 0) {
                return Optional.of(frame);
            }
            byte[] jpeg = JpegCodec.encode(image, config.jpegQuality());
            return Optional.of(frame.toBuilder().setJpeg(ByteString.copyFrom(jpeg)).build());
        }
    }

    /** Appends to the output file once per frame, even when Numaflow retries a frame the display refused. */
    private synchronized void writeToFile(Frame frame, Mat image) throws IOException {
        if (file == null) {
            return;
        }
        if (fileStream == null) {
            fileStream = frame.getStreamId();
            log.atInfo().addKeyValue("stream", fileStream).addKeyValue("file", file.file()).log("writing anonymized video");
        }
        if (!fileStream.equals(frame.getStreamId()) || frame.getSequence() <= lastWrittenSequence) {
            return;
        }
        file.write(image, frame.getPtsMicros());
        lastWrittenSequence = frame.getSequence();
    }
}
