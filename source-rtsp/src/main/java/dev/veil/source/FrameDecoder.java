package dev.veil.source;

import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_BGR24;

import dev.veil.frame.JpegCodec;
import java.io.IOException;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.FrameGrabber;
import org.bytedeco.javacv.OpenCVFrameConverter;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * Decodes the video of one input with FFmpeg and hands out each picture as a JPEG. One instance reads one
 * input once; reopen to read again. Not thread-safe: one decoder thread owns it.
 */
final class FrameDecoder implements AutoCloseable {

    /** A decoded picture, already JPEG-encoded, with its presentation time from the start of the input. */
    record DecodedFrame(byte[] jpeg, int width, int height, long ptsMicros) {
    }

    private static final long SOCKET_TIMEOUT_MICROS = 10_000_000L;

    static {
        // FFmpeg prints a banner per opened input at its default level; keep only its errors.
        avutil.av_log_set_level(avutil.AV_LOG_ERROR);
    }

    private final FFmpegFrameGrabber grabber;
    private final OpenCVFrameConverter.ToMat toMat = new OpenCVFrameConverter.ToMat();
    private final int jpegQuality;
    private long firstTimestamp = Long.MIN_VALUE;

    private FrameDecoder(FFmpegFrameGrabber grabber, int jpegQuality) {
        this.grabber = grabber;
        this.jpegQuality = jpegQuality;
    }

    /** Opens the input and its video stream; the message of a failure never contains credentials. */
    static FrameDecoder open(SourceConfig config) throws IOException {
        FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(config.input());
        if (config.input().regionMatches(true, 0, "rtsp", 0, 4)) {
            grabber.setOption("rtsp_transport", config.rtspTransport().name().toLowerCase(java.util.Locale.ROOT));
        }
        if (config.isLive()) {
            // Without a socket timeout a dead server blocks the decoder thread forever.
            grabber.setOption("timeout", Long.toString(SOCKET_TIMEOUT_MICROS));
        }
        grabber.setPixelFormat(AV_PIX_FMT_BGR24);
        grabber.setImageMode(FrameGrabber.ImageMode.COLOR);
        try {
            grabber.start();
        } catch (FrameGrabber.Exception | RuntimeException e) {
            closeQuietly(grabber);
            throw new IOException("cannot open " + config.inputForLogs() + ": " + FfmpegErrors.describe(e));
        }
        if (!grabber.hasVideo() || grabber.getImageWidth() <= 0 || grabber.getImageHeight() <= 0) {
            closeQuietly(grabber);
            throw new IOException(config.inputForLogs() + " has no video stream");
        }
        return new FrameDecoder(grabber, config.jpegQuality());
    }

    /** The next picture, or null at the end of the input. */
    DecodedFrame next() throws IOException {
        Frame frame;
        try {
            frame = grabber.grabImage();
        } catch (FrameGrabber.Exception | RuntimeException e) {
            throw new IOException("reading video failed: " + e.getMessage(), e);
        }
        if (frame == null) {
            return null;
        }
        if (firstTimestamp == Long.MIN_VALUE) {
            firstTimestamp = frame.timestamp;
        }
        Mat image = toMat.convert(frame); // a view of the grabber's buffer, valid until the next grab
        byte[] jpeg = JpegCodec.encode(image, jpegQuality);
        return new DecodedFrame(jpeg, image.cols(), image.rows(), Math.max(0, frame.timestamp - firstTimestamp));
    }

    /** Nominal frame rate, or 0 when the container does not say. */
    double frameRate() {
        double rate = grabber.getVideoFrameRate();
        return Double.isFinite(rate) && rate > 0 && rate < 1000 ? rate : 0;
    }

    int width() {
        return grabber.getImageWidth();
    }

    int height() {
        return grabber.getImageHeight();
    }

    String codec() {
        return grabber.getVideoCodecName();
    }

    /** Frames in the input as the container declares them; 0 when unknown (live streams). */
    long declaredFrames() {
        return Math.max(0, grabber.getLengthInVideoFrames());
    }

    @Override
    public void close() {
        closeQuietly(grabber);
        toMat.close();
    }

    private static void closeQuietly(FFmpegFrameGrabber grabber) {
        try {
            grabber.close();
        } catch (FrameGrabber.Exception | RuntimeException ignored) {
            // closing after a failure; the failure itself is what gets reported
        }
    }
}
