package dev.veil.sink;

import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_FLAG_GLOBAL_HEADER;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_free;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_alloc_context3;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_find_encoder_by_name;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_free_context;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_open2;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_parameters_from_context;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_receive_packet;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_send_frame;
import static org.bytedeco.ffmpeg.global.avutil.AVERROR_EAGAIN;
import static org.bytedeco.ffmpeg.global.avutil.AVERROR_EOF;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUV420P;
import static org.bytedeco.ffmpeg.global.avutil.av_d2q;
import static org.bytedeco.ffmpeg.global.avutil.av_dict_free;
import static org.bytedeco.ffmpeg.global.avutil.av_dict_set;

import java.io.IOException;
import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avcodec.AVCodecParameters;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.avutil.AVFrame;

/**
 * The OpenH264 inside Bytedeco's FFmpeg, through FFmpeg's {@code libopenh264} encoder. Always there, but built
 * without OpenH264's assembly, so it takes about four times the CPU of {@link SystemOpenH264Encoder}.
 */
final class FfmpegH264Encoder implements H264Encoder {

    static final String ENCODER = "libopenh264";

    private AVCodecContext codec;
    private AVPacket packet;

    private FfmpegH264Encoder(AVCodecContext codec, AVPacket packet) {
        this.codec = codec;
        this.packet = packet;
    }

    /** Opens the encoder for pictures of this size; the SPS and PPS go to the file's header, as MP4 keeps them. */
    static FfmpegH264Encoder open(int width, int height, double frameRate, int keyFrameSpacing) throws IOException {
        AVCodec encoder = avcodec_find_encoder_by_name(ENCODER);
        if (encoder == null) {
            throw new IOException("this FFmpeg has no " + ENCODER + " encoder");
        }
        AVCodecContext codec = avcodec_alloc_context3(encoder);
        AVPacket packet = av_packet_alloc();
        if (codec == null || packet == null) {
            avcodec_free_context(codec);
            av_packet_free(packet);
            throw new OutOfMemoryError("FFmpeg could not allocate an H.264 encoder");
        }
        FfmpegH264Encoder opened = new FfmpegH264Encoder(codec, packet);
        try {
            codec.width(width).height(height).pix_fmt(AV_PIX_FMT_YUV420P).time_base(VideoFileWriter.MICROS)
                    .framerate(av_d2q(frameRate, 100_000)).gop_size(keyFrameSpacing)
                    .flags(codec.flags() | AV_CODEC_FLAG_GLOBAL_HEADER);
            // Constant quality (OpenH264's quantizer 26, its default, with rate control off) rather than a bit rate:
            // a file has no channel to fit, every picture gets the bits its detail needs, and the encoder spends a
            // quarter less time than aiming at 0.2 bits a pixel did (43 dB PSNR on the benchmark's clips, where 0.2
            // bits a pixel gave 48 with four times the bytes; docs/benchmarks.md).
            AVDictionary options = new AVDictionary(null);
            try {
                VideoFileWriter.require(av_dict_set(options, "rc_mode", "off", 0), "configuring FFmpeg's " + ENCODER);
                VideoFileWriter.require(avcodec_open2(codec, encoder, options), "starting FFmpeg's " + ENCODER);
            } finally {
                av_dict_free(options);
            }
            return opened;
        } catch (IOException | RuntimeException e) {
            opened.close();
            throw e;
        }
    }

    @Override
    public void describe(AVCodecParameters parameters) throws IOException {
        VideoFileWriter.require(avcodec_parameters_from_context(parameters, codec), "describing the H.264 track");
    }

    @Override
    public void encode(AVFrame picture, Packets out) throws IOException {
        VideoFileWriter.require(avcodec_send_frame(codec, picture), "encoding");
        while (true) {
            int ret = avcodec_receive_packet(codec, packet);
            if (ret == AVERROR_EAGAIN() || ret == AVERROR_EOF) {
                return;
            }
            VideoFileWriter.require(ret, "encoding");
            out.write(packet);
        }
    }

    @Override
    public String name() {
        return "FFmpeg's OpenH264 (" + ENCODER + ", without SIMD)";
    }

    @Override
    public void close() {
        if (packet != null) {
            av_packet_free(packet);
            packet = null;
        }
        if (codec != null) {
            avcodec_free_context(codec);
            codec = null;
        }
    }
}
