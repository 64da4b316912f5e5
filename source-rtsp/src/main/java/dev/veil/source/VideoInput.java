package dev.veil.source;

import static org.bytedeco.ffmpeg.global.avcodec.av_packet_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_free;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_unref;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_alloc_context3;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_find_decoder;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_find_decoder_by_name;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_free_context;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_get_name;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_open2;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_parameters_to_context;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_receive_frame;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_send_packet;
import static org.bytedeco.ffmpeg.global.avformat.av_find_best_stream;
import static org.bytedeco.ffmpeg.global.avformat.av_guess_frame_rate;
import static org.bytedeco.ffmpeg.global.avformat.av_read_frame;
import static org.bytedeco.ffmpeg.global.avformat.avformat_alloc_context;
import static org.bytedeco.ffmpeg.global.avformat.avformat_close_input;
import static org.bytedeco.ffmpeg.global.avformat.avformat_find_stream_info;
import static org.bytedeco.ffmpeg.global.avformat.avformat_open_input;
import static org.bytedeco.ffmpeg.global.avutil.AVERROR_EAGAIN;
import static org.bytedeco.ffmpeg.global.avutil.AVERROR_EOF;
import static org.bytedeco.ffmpeg.global.avutil.AVERROR_STREAM_NOT_FOUND;
import static org.bytedeco.ffmpeg.global.avutil.AVMEDIA_TYPE_VIDEO;
import static org.bytedeco.ffmpeg.global.avutil.AV_NOPTS_VALUE;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_BGR24;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUV420P;
import static org.bytedeco.ffmpeg.global.avutil.av_dict_free;
import static org.bytedeco.ffmpeg.global.avutil.av_dict_set;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_alloc;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_free;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_unref;
import static org.bytedeco.ffmpeg.global.avutil.av_free;
import static org.bytedeco.ffmpeg.global.avutil.av_malloc;
import static org.bytedeco.ffmpeg.global.swscale.SWS_AREA;
import static org.bytedeco.ffmpeg.global.swscale.SWS_BILINEAR;
import static org.bytedeco.ffmpeg.global.swscale.sws_alloc_context;
import static org.bytedeco.ffmpeg.global.swscale.sws_freeContext;
import static org.bytedeco.ffmpeg.global.swscale.sws_isSupportedOutput;
import static org.bytedeco.ffmpeg.global.swscale.sws_scale_frame;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;

import java.time.Duration;
import java.util.Locale;
import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avcodec.AVCodecParameters;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.ffmpeg.avutil.AVRational;
import org.bytedeco.ffmpeg.swscale.SwsContext;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.PointerPointer;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * One opened input (a file or a stream URL) and its video decoder, on FFmpeg's own API: unlike JavaCV's
 * grabber it tells a network error from the end of the input, reports each packet the decoder rejects, and
 * gives up on a stalled stream through {@link InterruptFlag}. One decoder thread owns an instance.
 */
final class VideoInput implements AutoCloseable {

    /** Bits of AVFrame.flags (libavutil/frame.h), not exported as constants by the presets. */
    private static final int AV_FRAME_FLAG_CORRUPT = 1;
    private static final int AV_FRAME_FLAG_KEY = 1 << 1;
    /** AVCodecContext.thread_type: frame and slice threading (libavcodec/avcodec.h). */
    private static final int FF_THREAD_FRAME_AND_SLICE = 1 | 2;
    /** Socket receive buffer for RTSP over UDP: a 4K key frame is a burst of about a megabyte. */
    private static final int PIXEL_ALIGN = 64;
    private static final int SCALE_THREADS = Math.min(4, Runtime.getRuntime().availableProcessors());
    private static final String UDP_BUFFER_BYTES = Integer.toString(4 * 1024 * 1024);

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

    private final AVFormatContext format;
    private final AVCodecContext codec;
    private final AVStream stream;
    private final int streamIndex;
    private final InterruptFlag interrupt;
    private final Settings settings;
    private final String codecName;
    private final String decoderName;
    private final String decoderReason;
    private final AVPacket packet = av_packet_alloc();
    private final AVFrame frame = av_frame_alloc();
    private SwsContext shrinker;
    private SwsContext converter;
    /** The picture shrunk to the asked size, still in YUV; its buffer is swscale's (freed by av_frame_free). */
    private final AVFrame shrunk = av_frame_alloc();
    /** Describes {@link #bgrBuffer} to swscale; owns nothing (no buffer references). */
    private final AVFrame scaled = av_frame_alloc();
    private Mat bgr;
    private BytePointer bgrBuffer;
    private boolean flushed;
    private boolean frameHeld;
    private String pendingDamage;
    private long pendingDamageDts = AV_NOPTS_VALUE;
    private String readFailure;
    private long firstPtsMicros = Long.MIN_VALUE;
    private long lastPtsMicros = -1;
    private long lastPictureNanos;

    private VideoInput(AVFormatContext format, AVCodecContext codec, AVStream stream, InterruptFlag interrupt,
                       Settings settings, String codecName, String decoderName, String decoderReason) {
        this.format = format;
        this.codec = codec;
        this.stream = stream;
        this.streamIndex = stream.index();
        this.interrupt = interrupt;
        this.settings = settings;
        this.codecName = codecName;
        this.decoderName = decoderName;
        this.decoderReason = decoderReason;
        this.lastPictureNanos = System.nanoTime();
    }

    /**
     * Opens the input and its video decoder. The interrupt flag stays the caller's: it closes it after this
     * input is closed.
     */
    static VideoInput open(String location, String forLogs, Settings settings, InterruptFlag interrupt)
            throws InputException {
        FfmpegLog.install();
        AVFormatContext format = avformat_alloc_context();
        interrupt.attachTo(format);
        AVDictionary options = new AVDictionary(null);
        if (location.regionMatches(true, 0, "rtsp", 0, 4)) {
            av_dict_set(options, "rtsp_transport", settings.transport().name().toLowerCase(Locale.ROOT), 0);
            if (settings.transport() == SourceConfig.RtspTransport.UDP) {
                av_dict_set(options, "buffer_size", UDP_BUFFER_BYTES, 0);
            }
        }
        if (settings.live()) {
            // Socket I/O timeout, a second guard beside the interrupt flag's deadline.
            av_dict_set(options, "timeout", Long.toString(settings.stallTimeout().toNanos() / 1_000L), 0);
            interrupt.deadline(System.nanoTime(), settings.openTimeout().toNanos());
        }
        int ret = avformat_open_input(format, location, null, options);
        av_dict_free(options);
        if (ret < 0) {
            throw openFailure(interrupt, "cannot open " + forLogs, ret, settings);
        }
        try {
            ret = avformat_find_stream_info(format, (PointerPointer<?>) null);
            if (ret < 0) {
                throw openFailure(interrupt, "cannot read the streams of " + forLogs, ret, settings);
            }
            int index = av_find_best_stream(format, AVMEDIA_TYPE_VIDEO, -1, -1, (PointerPointer<?>) null, 0);
            if (index < 0) {
                throw new InputException(InputException.Kind.NO_VIDEO, forLogs + " has no video stream"
                        + (index == AVERROR_STREAM_NOT_FOUND ? "" : ": " + FfmpegErrors.describe(index)));
            }
            AVStream stream = format.streams(index);
            AVCodecParameters parameters = stream.codecpar();
            String codecName = avcodec_get_name(parameters.codec_id()).getString();
            DecoderChoice choice = DecoderChoice.choose(settings.decoder(), settings.cuda(), codecName,
                    name -> avcodec_find_decoder_by_name(name) != null);
            AVCodecContext context = null;
            String reason = choice.reason();
            if (choice.usesNvdec()) {
                AVCodec nvdec = avcodec_find_decoder_by_name(choice.nvdecDecoder());
                context = openDecoder(nvdec, stream, 0);
                if (context == null) {
                    reason = choice.nvdecDecoder() + " could not start, decoding on the CPU";
                }
            }
            if (context == null) {
                AVCodec software = avcodec_find_decoder(parameters.codec_id());
                if (software == null) {
                    throw new InputException(InputException.Kind.UNSUPPORTED_CODEC, forLogs + ": video codec "
                            + codecName + " is not supported (this FFmpeg has no decoder for it)");
                }
                context = openDecoder(software, stream, settings.threads());
                if (context == null) {
                    throw new InputException(InputException.Kind.UNSUPPORTED_CODEC, forLogs + ": the "
                            + codecName + " decoder cannot decode this stream");
                }
            }
            if (context.width() <= 0 || context.height() <= 0) {
                avcodec_free_context(context);
                throw new InputException(InputException.Kind.NO_VIDEO, forLogs + ": the video has no picture size");
            }
            String decoderName = context.codec().name().getString();
            interrupt.noDeadline();
            return new VideoInput(format, context, stream, interrupt, settings, codecName, decoderName, reason);
        } catch (InputException | RuntimeException e) {
            avformat_close_input(format);
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
            int ret = avcodec_receive_frame(codec, frame);
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
     * The current picture as an 8-bit BGR image of {@code width x height}; owned by this input and valid until the
     * next call to next().
     *
     * <p>A smaller size is made in two swscale passes: first the picture is shrunk in its own (planar YUV) format with
     * the area filter, which averages every source pixel (nothing aliases), then the small picture is converted to
     * BGR. Measured on a 4K frame shrunk to 720p, one bilinear pass straight to BGR cost about 17.5 ms of CPU, these
     * two about 7.5 ms (docs/benchmarks.md): the conversion then runs on a ninth of the pixels.
     */
    Mat pixels(int width, int height) {
        if (!frameHeld) {
            throw new IllegalStateException("no picture to convert");
        }
        if (bgr == null || bgr.cols() != width || bgr.rows() != height) {
            releasePixels();
            // swscale writes whole SIMD blocks: rows aligned to 64 bytes and slack after the last one, else it
            // writes past the end of a tightly sized image (heap corruption at widths like 200).
            int stride = (width * 3 + PIXEL_ALIGN - 1) / PIXEL_ALIGN * PIXEL_ALIGN;
            long size = (long) stride * (height + 1) + PIXEL_ALIGN;
            bgrBuffer = new BytePointer(av_malloc(size)).capacity(size);
            bgr = new Mat(height, width, CV_8UC3, bgrBuffer, stride);
            scaled.format(AV_PIX_FMT_BGR24).width(width).height(height).linesize(0, stride);
        }
        AVFrame picture = frame;
        if (width != frame.width() || height != frame.height()) {
            picture = shrink(width, height);
        }
        if (converter == null) {
            converter = scaler(SWS_BILINEAR, 1);
        }
        // swscale writes into the given plane (it allocates only for a frame without one); set again every time, as
        // it may clear what it did not allocate.
        scaled.data(0, bgrBuffer);
        int ret = sws_scale_frame(converter, scaled, picture);
        if (ret < 0 || scaled.data(0) == null || scaled.data(0).address() != bgrBuffer.address()) {
            throw new IllegalStateException("FFmpeg cannot convert pixel format " + picture.format() + " of "
                    + picture.width() + "x" + picture.height() + " to BGR (" + ret + ")");
        }
        return bgr;
    }

    /** The current picture made {@code width x height} in a planar YUV format, in a buffer swscale allocates. */
    private AVFrame shrink(int width, int height) {
        int format = sws_isSupportedOutput(frame.format()) != 0 ? frame.format() : AV_PIX_FMT_YUV420P;
        if (shrunk.width() != width || shrunk.height() != height || shrunk.format() != format) {
            av_frame_unref(shrunk);
            shrunk.format(format).width(width).height(height);
        }
        // The same colours: only the size changes in this pass.
        shrunk.colorspace(frame.colorspace()).color_range(frame.color_range()).color_primaries(frame.color_primaries())
                .color_trc(frame.color_trc());
        if (shrinker == null) {
            // Slice threads: shrinking a 4K picture is the largest part of the source's own work, on the thread that
            // also encodes the JPEG while the decoder's frame threads wait for it.
            shrinker = scaler(SWS_AREA, SCALE_THREADS);
        }
        int ret = sws_scale_frame(shrinker, shrunk, frame);
        if (ret < 0) {
            throw new IllegalStateException("FFmpeg cannot scale pixel format " + frame.format() + " from "
                    + frame.width() + "x" + frame.height() + " to " + width + "x" + height + " (" + ret + ")");
        }
        return shrunk;
    }

    private static SwsContext scaler(int flags, int threads) {
        SwsContext context = sws_alloc_context();
        if (context == null) {
            throw new OutOfMemoryError("FFmpeg could not allocate a scaler");
        }
        return context.threads(threads).flags(flags);
    }

    /** Damage reported after the last picture (a packet the decoder rejected, an unreadable rest), or null. */
    String damageAfterLastPicture() {
        return pendingDamage != null ? pendingDamage : readFailure;
    }

    /** Nominal frame rate, or 0 when the input does not say. */
    double frameRate() {
        AVRational rate = av_guess_frame_rate(format, stream, null);
        double fps = rate.den() > 0 ? (double) rate.num() / rate.den() : 0;
        return Double.isFinite(fps) && fps > 0 && fps < 1000 ? fps : 0;
    }

    int width() {
        return codec.width();
    }

    int height() {
        return codec.height();
    }

    /** The video codec, FFmpeg's name: {@code h264}. */
    String codecName() {
        return codecName;
    }

    /** The decoder in use: {@code h264} (CPU) or {@code h264_cuvid} (NVDEC). */
    String decoderName() {
        return decoderName;
    }

    /** Why this decoder was chosen, for the log. */
    String decoderReason() {
        return decoderReason;
    }

    /** Pictures the container says the video has; 0 when unknown (live streams, MPEG-TS). */
    long declaredFrames() {
        return Math.max(0, stream.nb_frames());
    }

    @Override
    public void close() {
        releasePixels();
        sws_freeContext(shrinker);
        sws_freeContext(converter);
        shrinker = null;
        converter = null;
        av_frame_free(shrunk);
        av_frame_free(scaled);
        av_frame_free(frame);
        av_packet_free(packet);
        avcodec_free_context(codec);
        avformat_close_input(format);
    }

    private void readPacket() throws InputException {
        if (settings.live()) {
            interrupt.deadline(lastPictureNanos, settings.stallTimeout().toNanos());
        }
        int ret = av_read_frame(format, packet);
        if (ret < 0) {
            if (interrupt.aborted()) {
                throw new InputException(InputException.Kind.ABORTED, "closing");
            }
            if (interrupt.deadlinePassed()) {
                throw new InputException(InputException.Kind.STALLED, "no picture for "
                        + settings.stallTimeout().toMillis() + " ms");
            }
            if (ret != AVERROR_EOF && settings.live()) {
                String words = FfmpegErrors.words(ret);
                throw new InputException(InputException.Kind.READ_FAILED, "reading the stream failed: "
                        + FfmpegErrors.describe(ret), words != null ? words : FfmpegErrors.describe(ret));
            }
            if (ret != AVERROR_EOF) {
                // A file whose container is damaged past this point: what was read is kept, the rest is lost.
                readFailure = "reading the file failed: " + FfmpegErrors.describe(ret);
            }
            avcodec_send_packet(codec, null); // drain the pictures the decoder still holds
            flushed = true;
            return;
        }
        try {
            if (packet.stream_index() != streamIndex) {
                return;
            }
            int sent = avcodec_send_packet(codec, packet);
            if (sent < 0 && sent != AVERROR_EAGAIN()) {
                noteDamage("the decoder rejected a packet: " + FfmpegErrors.describe(sent), packet.dts());
            }
        } finally {
            av_packet_unref(packet);
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
            AVRational base = stream.time_base();
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

    private static AVCodecContext openDecoder(AVCodec decoder, AVStream stream, int threads) {
        AVCodecContext context = avcodec_alloc_context3(decoder);
        if (context == null) {
            return null;
        }
        if (avcodec_parameters_to_context(context, stream.codecpar()) < 0) {
            avcodec_free_context(context);
            return null;
        }
        context.pkt_timebase(stream.time_base());
        context.thread_count(threads);
        context.thread_type(FF_THREAD_FRAME_AND_SLICE);
        if (avcodec_open2(context, decoder, (PointerPointer<?>) null) < 0) {
            avcodec_free_context(context);
            return null;
        }
        return context;
    }

    private static InputException openFailure(InterruptFlag interrupt, String what, int ret, Settings settings) {
        if (interrupt.aborted()) {
            return new InputException(InputException.Kind.ABORTED, "closing");
        }
        if (interrupt.deadlinePassed()) {
            String noAnswer = "no answer within " + settings.openTimeout().toMillis() + " ms";
            return new InputException(InputException.Kind.OPEN_FAILED, what + ": " + noAnswer, noAnswer);
        }
        String words = FfmpegErrors.words(ret);
        return new InputException(InputException.Kind.OPEN_FAILED, what + ": " + FfmpegErrors.describe(ret),
                words != null ? words : FfmpegErrors.describe(ret));
    }

    private void releasePixels() {
        if (bgr != null) {
            bgr.close();
            scaled.data(0, null);
            av_free(bgrBuffer);
            bgr = null;
            bgrBuffer = null;
        }
    }
}
