package dev.veil.source;

import static org.bytedeco.ffmpeg.global.avutil.AVERROR_EAGAIN;
import static org.bytedeco.ffmpeg.global.avutil.AVERROR_EOF;
import static org.bytedeco.ffmpeg.global.avutil.AV_NOPTS_VALUE;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_alloc;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_free;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_unref;

import java.time.Duration;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.ffmpeg.avutil.AVRational;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * One opened input (a file or a stream URL) and its video decoder, on FFmpeg's own API: unlike JavaCV's
 * grabber it tells a network error from the end of the input, reports each packet the decoder rejects, and
 * gives up on a stalled stream through {@link InterruptFlag}. It joins the {@link Demuxer}, the {@link VideoDecoder}
 * and the {@link PictureScaler}, and keeps the pictures' timestamps and damage. One decoder thread owns an instance.
 */
final class VideoInput implements AutoCloseable {

    /** Bits of AVFrame.flags (libavutil/frame.h), not exported as constants by the presets. */
    private static final int AV_FRAME_FLAG_CORRUPT = 1;
    private static final int AV_FRAME_FLAG_KEY = 1 << 1;

    /**
     * How to open an input.
     *
     * @param live         a network stream: open timeout and stall detection apply
     * @param transport    RTSP transport
     * @param openTimeout  longest time to open a live stream
     * @param stallTimeout longest time without a picture on a live stream
     * @param decoder      CPU or NVDEC, see {@link DecoderChoice}
     * @param threads      CPU decoding threads, 0: FFmpeg's choice
     * @param cuda         what this machine shows of a GPU
     */
    record Settings(boolean live, SourceConfig.RtspTransport transport, Duration openTimeout, Duration stallTimeout,
                    DecoderSetting decoder, int threads, CudaDevices cuda) {
    }

    /**
     * A decoded picture (its pixels via {@link VideoInput#pixels()} until the next call to {@link #next()}).
     *
     * @param ptsMicros presentation time from the input's first picture
     * @param keyFrame  a picture that does not depend on earlier ones
     * @param damage    null, or why this picture (or a packet rejected since the last picture) is damaged
     */
    record Picture(int width, int height, long ptsMicros, boolean keyFrame, String damage) {
    }

    private final Demuxer demuxer;
    private final VideoDecoder decoder;
    private final PictureScaler scaler = new PictureScaler();
    private final AVFrame frame = av_frame_alloc();
    private boolean flushed;
    private boolean frameHeld;
    private String pendingDamage;
    private long pendingDamageDts = AV_NOPTS_VALUE;
    private long firstPtsMicros = Long.MIN_VALUE;
    private long lastPtsMicros = -1;
    private long lastPictureNanos;

    private VideoInput(Demuxer demuxer, VideoDecoder decoder) {
        this.demuxer = demuxer;
        this.decoder = decoder;
        this.lastPictureNanos = System.nanoTime();
    }

    /**
     * Opens the input and its video decoder. The interrupt flag stays the caller's: it closes it after this
     * input is closed.
     */
    static VideoInput open(String location, String forLogs, Settings settings, InterruptFlag interrupt)
            throws InputException {
        FfmpegLog.install();
        Demuxer demuxer = Demuxer.open(location, forLogs, settings, interrupt);
        try {
            VideoDecoder decoder = VideoDecoder.open(demuxer.stream(), settings.decoder(), settings.cuda(),
                    settings.threads(), forLogs);
            interrupt.noDeadline();
            return new VideoInput(demuxer, decoder);
        } catch (InputException | RuntimeException e) {
            demuxer.close();
            throw e;
        }
    }

    /**
     * The next picture, or null at the end of the input. Packets the decoder rejects do not end the input: they
     * mark the next picture as damaged.
     */
    Picture next() throws InputException {
        if (frameHeld) {
            av_frame_unref(frame);
            frameHeld = false;
        }
        while (true) {
            int ret = decoder.receive(frame);
            if (ret >= 0) {
                frameHeld = true;
                return picture();
            }
            if (ret == AVERROR_EOF) {
                return null;
            }
            if (ret != AVERROR_EAGAIN()) {
                noteDamage("the decoder failed: " + FfmpegErrors.describe(ret), AV_NOPTS_VALUE);
            }
            if (flushed) {
                return null;
            }
            readPacket();
        }
    }

    /** The current picture as an 8-bit BGR image, owned by this input and valid until the next call to next(). */
    Mat pixels() {
        return pixels(frame.width(), frame.height());
    }

    /**
     * The current picture as an 8-bit BGR image of {@code width x height} (smaller: shrunk, see
     * {@link PictureScaler}); owned by this input and valid until the next call to next().
     */
    Mat pixels(int width, int height) {
        if (!frameHeld) {
            throw new IllegalStateException("no picture to convert");
        }
        return scaler.bgr(frame, width, height);
    }

    /** Damage reported after the last picture (a packet the decoder rejected, an unreadable rest), or null. */
    String damageAfterLastPicture() {
        return pendingDamage != null ? pendingDamage : demuxer.readFailure();
    }

    /** Nominal frame rate, or 0 when the input does not say. */
    double frameRate() {
        return demuxer.frameRate();
    }

    int width() {
        return decoder.width();
    }

    int height() {
        return decoder.height();
    }

    /** The video codec, FFmpeg's name: {@code h264}. */
    String codecName() {
        return decoder.codecName();
    }

    /** The decoder in use: {@code h264} (CPU) or {@code h264_cuvid} (NVDEC). */
    String decoderName() {
        return decoder.name();
    }

    /** Why this decoder was chosen, for the log. */
    String decoderReason() {
        return decoder.reason();
    }

    /** Pictures the container says the video has; 0 when unknown (live streams, MPEG-TS). */
    long declaredFrames() {
        return demuxer.declaredFrames();
    }

    @Override
    public void close() {
        scaler.close();
        av_frame_free(frame);
        decoder.close();
        demuxer.close();
    }

    /** Gives the decoder the next packet; at the end of the input, tells it to give out what it still holds. */
    private void readPacket() throws InputException {
        AVPacket packet = demuxer.read(lastPictureNanos);
        if (packet == null) {
            decoder.drain();
            flushed = true;
            return;
        }
        int sent = decoder.send(packet);
        if (sent < 0 && sent != AVERROR_EAGAIN()) {
            noteDamage("the decoder rejected a packet: " + FfmpegErrors.describe(sent), packet.dts());
        }
    }

    private Picture picture() {
        lastPictureNanos = System.nanoTime();
        long timestamp = frame.best_effort_timestamp();
        if (timestamp == AV_NOPTS_VALUE) {
            timestamp = frame.pts();
        }
        long micros;
        if (timestamp == AV_NOPTS_VALUE) {
            double fps = frameRate();
            micros = lastPtsMicros < 0 ? 0 : lastPtsMicros + (fps > 0 ? Math.round(1_000_000 / fps) : 40_000);
        } else {
            AVRational base = demuxer.stream().time_base();
            micros = Math.round(timestamp * 1_000_000.0 * base.num() / base.den());
            if (firstPtsMicros == Long.MIN_VALUE) {
                firstPtsMicros = micros;
            }
            micros = Math.max(0, micros - firstPtsMicros);
        }
        lastPtsMicros = micros;
        String damage = null;
        // With frame threads, pictures decoded before a rejected packet can come out after it: they are whole.
        boolean predatesDamage = pendingDamageDts != AV_NOPTS_VALUE && frame.pkt_dts() != AV_NOPTS_VALUE
                && frame.pkt_dts() < pendingDamageDts;
        if (pendingDamage != null && !predatesDamage) {
            damage = pendingDamage;
            pendingDamage = null;
        }
        if (damage == null && (frame.decode_error_flags() != 0 || (frame.flags() & AV_FRAME_FLAG_CORRUPT) != 0)) {
            damage = "picture decoded with errors (decode_error_flags=" + frame.decode_error_flags() + ")";
        }
        return new Picture(frame.width(), frame.height(), micros, (frame.flags() & AV_FRAME_FLAG_KEY) != 0, damage);
    }

    private void noteDamage(String what, long dts) {
        if (pendingDamage == null) {
            pendingDamage = what;
            pendingDamageDts = dts;
        }
    }
}
