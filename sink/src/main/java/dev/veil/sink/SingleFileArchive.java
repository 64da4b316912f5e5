package dev.veil.sink;

import dev.veil.stage.FrameInfo;
import java.io.IOException;
import java.nio.file.Path;
import org.bytedeco.opencv.opencv_core.Mat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One MP4 file for one stream, the first one seen ({@code veil run --output}, {@code VEIL_OUTPUT_FILE}). The file
 * can be played only once it is closed.
 */
final class SingleFileArchive implements FrameArchive {

    private static final Logger log = LoggerFactory.getLogger(SingleFileArchive.class);

    private final VideoFileWriter writer;
    private final WriteOrder order = new WriteOrder();
    private String stream;

    SingleFileArchive(Path file, double frameRate, H264EncoderChoice encoder) {
        this.writer = new VideoFileWriter(file, frameRate, encoder);
    }

    @Override
    public synchronized void write(FrameInfo frame, Mat anonymized) throws IOException {
        if (stream == null) {
            stream = frame.streamId();
            log.atInfo().addKeyValue("stream", stream).addKeyValue("file", writer.file()).log("writing anonymized video");
        }
        if (!stream.equals(frame.streamId())
                || order.check(frame.sequence(), frame.captureMicros()) != WriteOrder.Verdict.NEXT) {
            return;
        }
        writer.write(anonymized, frame.ptsMicros());
        order.written(frame.sequence(), frame.captureMicros());
    }

    @Override
    public void finishIdle() {
        // One file, finished at close: a player cannot read an MP4 before its index is written.
    }

    @Override
    public synchronized long framesWritten() {
        return writer.framesWritten();
    }

    @Override
    public synchronized void close() throws IOException {
        writer.close();
    }
}
