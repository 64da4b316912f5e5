package dev.veil.sink;

import static org.bytedeco.ffmpeg.global.avcodec.av_packet_rescale_ts;
import static org.bytedeco.ffmpeg.global.avformat.AVIO_FLAG_WRITE;
import static org.bytedeco.ffmpeg.global.avformat.av_interleaved_write_frame;
import static org.bytedeco.ffmpeg.global.avformat.av_write_trailer;
import static org.bytedeco.ffmpeg.global.avformat.avformat_alloc_output_context2;
import static org.bytedeco.ffmpeg.global.avformat.avformat_free_context;
import static org.bytedeco.ffmpeg.global.avformat.avformat_new_stream;
import static org.bytedeco.ffmpeg.global.avformat.avformat_write_header;
import static org.bytedeco.ffmpeg.global.avformat.avio_closep;
import static org.bytedeco.ffmpeg.global.avformat.avio_open;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_BGR24;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUV420P;
import static org.bytedeco.ffmpeg.global.avutil.av_d2q;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_alloc;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_free;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_get_buffer;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_make_writable;
import static org.bytedeco.ffmpeg.global.avutil.av_make_q;
import static org.bytedeco.ffmpeg.global.avutil.av_strerror;
import static org.bytedeco.ffmpeg.global.swscale.SWS_BILINEAR;
import static org.bytedeco.ffmpeg.global.swscale.sws_freeContext;
import static org.bytedeco.ffmpeg.global.swscale.sws_getCachedContext;
import static org.bytedeco.ffmpeg.global.swscale.sws_scale;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC1;
import static org.bytedeco.opencv.global.opencv_imgproc.COLOR_BGR2YUV_I420;
import static org.bytedeco.opencv.global.opencv_imgproc.cvtColor;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVIOContext;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.ffmpeg.avutil.AVRational;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.ffmpeg.swscale.SwsContext;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.javacpp.PointerPointer;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;

/**
 * Writes anonymized pictures to an H.264 MP4 file: OpenH264 encodes ({@link H264EncoderChoice}), FFmpeg's muxer
 * writes the file. The file takes the size of the first picture; later pictures of another size are scaled to it. Every picture keeps its own
 * presentation time, to the microsecond: a variable-frame-rate input keeps its timing (and the audio muxed beside it
 * stays in step), and a dropped frame leaves a gap in time instead of speeding the video up. The frame rate given
 * only sets the key-frame spacing. Not thread-safe.
 */
public final class VideoFileWriter implements AutoCloseable {

    static {
        // FFmpeg prints a banner per opened output at its default level; keep only its errors.
        avutil.av_log_set_level(avutil.AV_LOG_ERROR);
    }

    /** The encoder's clock: the frames' own microseconds, so nothing is rounded to a frame grid. */
    static final AVRational MICROS = av_make_q(1, 1_000_000);
    /** The most pixels OpenH264 takes in a picture (its parameter check): 4096x2304, not 8K. */
    static final long MAX_PIXELS = 9_437_184;
    /** The MP4 track's clock, the usual one for video (the muxer rescales into it). */
    private static final int TRACK_CLOCK = 90_000;

    private final Path file;
    private final double frameRate;
    private final H264EncoderChoice encoderChoice;
    private AVFormatContext format;
    private H264Encoder encoder;
    private AVStream stream;
    private AVFrame yuv;
    private SwsContext toYuv;
    /** The picture in I420, contiguous (OpenCV's layout), before its planes go to {@link #yuv}. */
    private Mat i420;
    /** Why the file could not be started; later pictures fail at once with it rather than each trying again. */
    private IOException broken;
    private boolean headerWritten;
    private boolean closed;
    private long lastPts = -1;
    private long frames;

    /** A writer whose encoder is the machine's OpenH264 where there is one ({@link H264EncoderChoice#AUTO}). */
    public VideoFileWriter(Path file, double frameRate) {
        this(file, frameRate, H264EncoderChoice.AUTO);
    }

    public VideoFileWriter(Path file, double frameRate, H264EncoderChoice encoderChoice) {
        if (!(frameRate > 0)) {
            throw new IllegalArgumentException("frame rate must be positive, got " + frameRate);
        }
        this.file = file;
        this.frameRate = frameRate;
        this.encoderChoice = Objects.requireNonNull(encoderChoice, "encoderChoice");
    }

    /** Appends a picture (8-bit BGR) shown at {@code ptsMicros} from the start of the video. */
    public void write(Mat bgr, long ptsMicros) throws IOException {
        if (closed) {
            throw new IllegalStateException(file + " is closed");
        }
        if (broken != null) {
            throw broken;
        }
        if (format == null) {
            try {
                open(bgr.cols(), bgr.rows());
            } catch (IOException e) {
                release();
                broken = e;
                throw e;
            }
        }
        // The MP4 muxer needs strictly increasing timestamps; two pictures at the same time keep their order.
        long pts = lastPts < 0 ? Math.max(0, ptsMicros) : Math.max(ptsMicros, lastPts + 1);
        check(av_frame_make_writable(yuv), "preparing a picture");
        if (bgr.cols() - yuv.width() <= 1 && bgr.rows() - yuv.height() <= 1 && bgr.cols() >= yuv.width()
                && bgr.rows() >= yuv.height()) {
            toI420(bgr);
        } else {
            scaleToYuv(bgr);
        }
        yuv.pts(pts);
        encode(yuv);
        lastPts = pts;
        frames++;
    }

    /**
     * A picture of the file's size (or one pixel more, the odd column or row dropped) with OpenCV's BGR to I420
     * conversion: the same BT.601 studio-range matrix as swscale's default, within one grey level, at an eighth of
     * its cost (0.2 against 1.8 ms a 720p picture, docs/benchmarks.md). Its planes are copied into the encoder's
     * frame, whose rows are padded.
     */
    private void toI420(Mat bgr) {
        int w = yuv.width();
        int h = yuv.height();
        if (i420 == null) {
            i420 = new Mat(h * 3 / 2, w, CV_8UC1);
        }
        try (Rect even = new Rect(0, 0, w, h); Mat picture = bgr.apply(even)) {
            cvtColor(picture, i420, COLOR_BGR2YUV_I420);
        }
        BytePointer planes = i420.data();
        long lumaBytes = (long) w * h;
        long chromaBytes = lumaBytes / 4;
        copyPlane(planes, 0, w, 0, w, h);
        copyPlane(planes, lumaBytes, w / 2, 1, w / 2, h / 2);
        copyPlane(planes, lumaBytes + chromaBytes, w / 2, 2, w / 2, h / 2);
    }

    private void copyPlane(BytePointer from, long offset, int fromStride, int plane, int width, int height) {
        BytePointer to = yuv.data(plane);
        int toStride = yuv.linesize(plane);
        if (toStride == fromStride) {
            Pointer.memcpy(to, from.getPointer(offset), (long) width * height);
            return;
        }
        for (int row = 0; row < height; row++) {
            Pointer.memcpy(to.getPointer((long) row * toStride), from.getPointer(offset + (long) row * fromStride),
                    width);
        }
    }

    /** A picture of another size than the file's: scaled to it by swscale. */
    private void scaleToYuv(Mat bgr) throws IOException {
        toYuv = sws_getCachedContext(toYuv, bgr.cols(), bgr.rows(), AV_PIX_FMT_BGR24, yuv.width(), yuv.height(),
                AV_PIX_FMT_YUV420P, SWS_BILINEAR, null, null, (DoublePointer) null);
        if (toYuv == null) {
            throw new IOException("writing " + file + " failed: FFmpeg cannot convert a " + bgr.cols() + "x"
                    + bgr.rows() + " picture");
        }
        try (PointerPointer<?> planes = new PointerPointer<>(1).put(bgr.data());
             IntPointer strides = new IntPointer(1).put((int) bgr.step())) {
            sws_scale(toYuv, planes, strides, 0, bgr.rows(), yuv.data(), yuv.linesize());
        }
    }

    /** Which encoder writes the file, once its first picture has started it. */
    public Optional<String> encoderName() {
        return Optional.ofNullable(encoder).map(H264Encoder::name);
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
        closed = true;
        try {
            if (headerWritten) {
                encode(null); // the pictures the encoder still holds
                check(av_write_trailer(format), "finishing");
            }
        } finally {
            release();
        }
    }

    private void open(int width, int height) throws IOException {
        // 4:2:0 chroma needs even sides: the odd column or row is dropped.
        int w = width & ~1;
        int h = height & ~1;
        if (w < 2 || h < 2) {
            throw new IOException("cannot write " + file + ": " + width + "x" + height
                    + " pictures are too small for H.264 (2x2 at least)");
        }
        if ((long) w * h > MAX_PIXELS) {
            throw new IOException("cannot write " + file + ": " + width + "x" + height + " pictures are larger than"
                    + " OpenH264 encodes (" + MAX_PIXELS + " pixels, 4096x2304, at most); scale the video down first");
        }
        format = new AVFormatContext(null);
        check(avformat_alloc_output_context2(format, null, "mp4", file.toString()), "starting");
        stream = avformat_new_stream(format, null);
        if (stream == null) {
            throw new OutOfMemoryError("FFmpeg could not allocate a video track for " + file);
        }
        AVRational rate = av_d2q(frameRate, 100_000);
        try {
            encoder = encoderChoice.open(w, h, frameRate, (int) Math.max(1, Math.round(frameRate * 2)));
            encoder.describe(stream.codecpar());
        } catch (IOException e) {
            throw new IOException("cannot write " + file + ": " + e.getMessage(), e);
        }
        stream.time_base(av_make_q(1, TRACK_CLOCK));
        stream.avg_frame_rate(rate);
        AVIOContext io = new AVIOContext(null);
        check(avio_open(io, file.toString(), AVIO_FLAG_WRITE), "opening");
        format.pb(io);
        check(avformat_write_header(format, (AVDictionary) null), "starting");
        headerWritten = true;
        yuv = av_frame_alloc();
        yuv.format(AV_PIX_FMT_YUV420P).width(w).height(h);
        check(av_frame_get_buffer(yuv, 0), "preparing pictures for");
    }

    /** Sends a picture (null: the end) to the encoder and writes every packet it has ready. */
    private void encode(AVFrame picture) throws IOException {
        try {
            encoder.encode(picture, this::writePacket);
        } catch (IOException e) {
            throw new IOException("writing " + file + " failed: " + e.getMessage(), e);
        }
    }

    private void writePacket(AVPacket packet) throws IOException {
        if (packet.duration() <= 0) {
            // Only the last picture's duration is not implied by the next one's time: a frame at the rate given.
            packet.duration(Math.round(1_000_000 / frameRate));
        }
        av_packet_rescale_ts(packet, MICROS, stream.time_base());
        packet.stream_index(stream.index());
        require(av_interleaved_write_frame(format, packet), "writing a packet");
    }

    /** Throws when an FFmpeg call failed, saying what was being done and FFmpeg's reason. */
    static void require(int ret, String doing) throws IOException {
        if (ret < 0) {
            throw new IOException(doing + " failed: " + describe(ret));
        }
    }

    private void check(int ret, String doing) throws IOException {
        require(ret, doing + " " + file);
    }

    private static String describe(int code) {
        byte[] text = new byte[256];
        if (av_strerror(code, text, text.length) != 0) {
            return "FFmpeg error " + code;
        }
        int length = 0;
        while (length < text.length && text[length] != 0) {
            length++;
        }
        return new String(text, 0, length, StandardCharsets.UTF_8) + " (FFmpeg error " + code + ")";
    }

    private void release() {
        if (i420 != null) {
            i420.close();
            i420 = null;
        }
        if (toYuv != null) {
            sws_freeContext(toYuv);
            toYuv = null;
        }
        if (yuv != null) {
            av_frame_free(yuv);
            yuv = null;
        }
        if (encoder != null) {
            encoder.close();
            encoder = null;
        }
        if (format != null) {
            if (format.pb() != null) {
                avio_closep(format.pb());
            }
            avformat_free_context(format);
            format = null;
        }
        stream = null;
        headerWritten = false;
    }
}
