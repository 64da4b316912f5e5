package dev.veil.sink;

import java.io.IOException;
import org.bytedeco.ffmpeg.avcodec.AVCodecParameters;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avutil.AVFrame;

/**
 * Turns I420 pictures into H.264 for {@link VideoFileWriter}'s MP4 muxer. Two: the machine's own OpenH264
 * ({@link SystemOpenH264Encoder}) and the one inside Bytedeco's FFmpeg ({@link FfmpegH264Encoder}). Both are OpenH264
 * with the settings FFmpeg gives it (constrained baseline, its constant quantizer, one slice, a key frame every
 * {@code keyFrameSpacing} pictures), so both give the same pictures; the machine's runs its SIMD code and takes about a
 * quarter of the CPU (docs/benchmarks.md). Not thread-safe.
 */
interface H264Encoder extends AutoCloseable {

    /** Receives each encoded picture, timestamps in microseconds; the packet may be reused once this returns. */
    @FunctionalInterface
    interface Packets {
        void write(AVPacket packet) throws IOException;
    }

    /** Fills the MP4 track's parameters: size, pixel format and the SPS and PPS its header carries. */
    void describe(AVCodecParameters parameters) throws IOException;

    /** Encodes a picture (its {@code pts} in microseconds); {@code null} hands over what the encoder still holds. */
    void encode(AVFrame picture, Packets out) throws IOException;

    /** Which encoder this is, for logs and errors. */
    String name();

    @Override
    void close();
}
