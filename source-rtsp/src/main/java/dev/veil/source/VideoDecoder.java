package dev.veil.source;

import static org.bytedeco.ffmpeg.global.avcodec.avcodec_alloc_context3;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_find_decoder;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_find_decoder_by_name;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_free_context;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_get_name;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_open2;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_parameters_to_context;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_receive_frame;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_send_packet;

import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avcodec.AVCodecParameters;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.javacpp.PointerPointer;

/**
 * The opened decoder of a video stream: NVDEC when {@link DecoderChoice} picks it and it starts, else FFmpeg's CPU
 * decoder for the codec with the configured threads. Owns its AVCodecContext.
 */
final class VideoDecoder implements AutoCloseable {

    /** AVCodecContext.thread_type: frame and slice threading (libavcodec/avcodec.h). */
    private static final int FF_THREAD_FRAME_AND_SLICE = 1 | 2;

    private final AVCodecContext context;
    private final String codecName;
    private final String name;
    private final String reason;

    private VideoDecoder(AVCodecContext context, String codecName, String reason) {
        this.context = context;
        this.codecName = codecName;
        this.name = context.codec().name().getString();
        this.reason = reason;
    }

    /**
     * Opens a decoder for {@code stream}, which stays the caller's.
     *
     * @param threads CPU decoding threads, 0: FFmpeg's choice (NVDEC takes none)
     */
    static VideoDecoder open(AVStream stream, DecoderSetting setting, CudaDevices cuda, int threads, String forLogs)
            throws InputException {
        AVCodecParameters parameters = stream.codecpar();
        String codecName = avcodec_get_name(parameters.codec_id()).getString();
        DecoderChoice choice = DecoderChoice.choose(setting, cuda, codecName,
                name -> avcodec_find_decoder_by_name(name) != null);
        AVCodecContext context = null;
        String reason = choice.reason();
        if (choice.usesNvdec()) {
            context = openContext(avcodec_find_decoder_by_name(choice.nvdecDecoder()), stream, 0);
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
            context = openContext(software, stream, threads);
            if (context == null) {
                throw new InputException(InputException.Kind.UNSUPPORTED_CODEC, forLogs + ": the "
                        + codecName + " decoder cannot decode this stream");
            }
        }
        if (context.width() <= 0 || context.height() <= 0) {
            avcodec_free_context(context);
            throw new InputException(InputException.Kind.NO_VIDEO, forLogs + ": the video has no picture size");
        }
        return new VideoDecoder(context, codecName, reason);
    }

    /** Gives the decoder a packet; FFmpeg's return code (negative: rejected, or EAGAIN). */
    int send(AVPacket packet) {
        return avcodec_send_packet(context, packet);
    }

    /** Tells the decoder the input has ended, so that it gives out the pictures it still holds. */
    void drain() {
        avcodec_send_packet(context, null);
    }

    /** Decodes the next picture into {@code frame}; FFmpeg's return code (EAGAIN: it needs a packet first). */
    int receive(AVFrame frame) {
        return avcodec_receive_frame(context, frame);
    }

    int width() {
        return context.width();
    }

    int height() {
        return context.height();
    }

    /** The video codec, FFmpeg's name: {@code h264}. */
    String codecName() {
        return codecName;
    }

    /** The decoder in use: {@code h264} (CPU) or {@code h264_cuvid} (NVDEC). */
    String name() {
        return name;
    }

    /** Why this decoder was chosen, for the log. */
    String reason() {
        return reason;
    }

    @Override
    public void close() {
        avcodec_free_context(context);
    }

    private static AVCodecContext openContext(AVCodec decoder, AVStream stream, int threads) {
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
}
