package dev.veil.sink;

import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUV420P;

import java.io.IOException;
import org.bytedeco.ffmpeg.global.avutil;
import java.nio.file.Path;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.FrameRecorder;
import org.bytedeco.javacv.OpenCVFrameConverter;
import org.bytedeco.opencv.global.opencv_imgproc;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Size;

/**
 * Writes anonymized pictures to an H.264 MP4 file (FFmpeg's libopenh264 encoder). The file takes the size of
 * the first picture; later pictures of another size are scaled to it. Timestamps come from the frames, so a
 * dropped frame leaves a gap in time instead of speeding the video up. Not thread-safe.
 */
public final class VideoFileWriter implements AutoCloseable {

    static {
        // FFmpeg prints a banner per opened output at its default level; keep only its errors.
        avutil.av_log_set_level(avutil.AV_LOG_ERROR);
    }

    private final Path file;
    private final double frameRate;
    private final OpenCVFrameConverter.ToMat converter = new OpenCVFrameConverter.ToMat();
    private FFmpegFrameRecorder recorder;
    private long lastTimestamp = -1;
    private long frames;

    public VideoFileWriter(Path file, double frameRate) {
        this.file = file;
        this.frameRate = frameRate;
    }

    /** Appends a picture shown at {@code ptsMicros} from the start of the video. */
    public void write(Mat bgr, long ptsMicros) throws IOException {
        try {
            if (recorder == null) {
                recorder = open(bgr.cols(), bgr.rows());
            }
            // The MP4 muxer needs strictly increasing timestamps in the stream's time base (1/frameRate).
            long frameMicros = Math.round(1_000_000 / frameRate);
            long timestamp = lastTimestamp < 0 ? ptsMicros : Math.max(ptsMicros, lastTimestamp + frameMicros);
            if (bgr.cols() == recorder.getImageWidth() && bgr.rows() == recorder.getImageHeight()) {
                record(bgr, timestamp);
            } else {
                try (Mat scaled = new Mat(); Size size = new Size(recorder.getImageWidth(), recorder.getImageHeight())) {
                    opencv_imgproc.resize(bgr, scaled, size);
                    record(scaled, timestamp);
                }
            }
            lastTimestamp = timestamp;
            frames++;
        } catch (FrameRecorder.Exception e) {
            throw new IOException("writing " + file + " failed: " + e.getMessage(), e);
        }
    }

    public long framesWritten() {
        return frames;
    }

    public Path file() {
        return file;
    }

    /** Finishes the file (writes the MP4 index); a file that is not closed cannot be played. */
    @Override
    public void close() throws IOException {
        try {
            if (recorder != null) {
                recorder.close();
            }
        } catch (FrameRecorder.Exception e) {
            throw new IOException("finishing " + file + " failed: " + e.getMessage(), e);
        } finally {
            recorder = null;
            converter.close();
        }
    }

    private void record(Mat bgr, long timestamp) throws FrameRecorder.Exception {
        recorder.setTimestamp(timestamp);
        recorder.record(converter.convert(bgr));
    }

    private FFmpegFrameRecorder open(int width, int height) throws FrameRecorder.Exception {
        // 4:2:0 chroma needs even sides; drop the odd column or row rather than fail.
        FFmpegFrameRecorder r = new FFmpegFrameRecorder(file.toFile(), width & ~1, height & ~1, 0);
        r.setFormat("mp4");
        r.setVideoCodecName("libopenh264");
        r.setPixelFormat(AV_PIX_FMT_YUV420P);
        r.setFrameRate(frameRate);
        r.setGopSize((int) Math.max(1, Math.round(frameRate * 2)));
        // About 0.2 bits per pixel at 30 fps: plenty for H.264 to keep what survives anonymization sharp.
        r.setVideoBitrate((int) Math.min(50_000_000L, (long) (width * height * frameRate * 0.2)));
        r.start();
        return r;
    }
}
