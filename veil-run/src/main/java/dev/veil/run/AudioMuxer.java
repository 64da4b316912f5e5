package dev.veil.run;

import static org.bytedeco.ffmpeg.global.avcodec.av_packet_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_free;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_rescale_ts;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_unref;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_parameters_copy;
import static org.bytedeco.ffmpeg.global.avformat.AVIO_FLAG_WRITE;
import static org.bytedeco.ffmpeg.global.avformat.av_find_best_stream;
import static org.bytedeco.ffmpeg.global.avformat.av_interleaved_write_frame;
import static org.bytedeco.ffmpeg.global.avformat.av_read_frame;
import static org.bytedeco.ffmpeg.global.avformat.av_write_trailer;
import static org.bytedeco.ffmpeg.global.avformat.avformat_alloc_output_context2;
import static org.bytedeco.ffmpeg.global.avformat.avformat_close_input;
import static org.bytedeco.ffmpeg.global.avformat.avformat_find_stream_info;
import static org.bytedeco.ffmpeg.global.avformat.avformat_free_context;
import static org.bytedeco.ffmpeg.global.avformat.avformat_new_stream;
import static org.bytedeco.ffmpeg.global.avformat.avformat_open_input;
import static org.bytedeco.ffmpeg.global.avformat.avformat_query_codec;
import static org.bytedeco.ffmpeg.global.avformat.avformat_write_header;
import static org.bytedeco.ffmpeg.global.avformat.avio_closep;
import static org.bytedeco.ffmpeg.global.avformat.avio_open;
import static org.bytedeco.ffmpeg.global.avutil.AVMEDIA_TYPE_AUDIO;
import static org.bytedeco.ffmpeg.global.avutil.AVMEDIA_TYPE_VIDEO;
import static org.bytedeco.ffmpeg.global.avutil.AV_NOPTS_VALUE;
import static org.bytedeco.ffmpeg.global.avutil.av_compare_ts;

import java.io.IOException;
import java.nio.file.Path;
import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVIOContext;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.avutil.AVRational;
import org.bytedeco.javacpp.PointerPointer;

/**
 * Puts the input's audio back beside the anonymized video: both streams are copied packet by packet (nothing is
 * re-encoded) into one MP4, interleaved by time, the audio cut where the video ends.
 */
final class AudioMuxer {

    /** FFmpeg's "strictly follows the standard" compliance level, for asking what MP4 can carry. */
    private static final int FF_COMPLIANCE_NORMAL = 0;

    private AudioMuxer() {
    }

    /** What happened to the audio. */
    enum Outcome { COPIED, NO_AUDIO, UNSUPPORTED_CODEC }

    /**
     * Writes {@code output} from the video of {@code video} and the audio of {@code audioSource}. When the source
     * has no audio MP4 can carry, writes nothing and says so; the caller keeps the video alone.
     */
    static Outcome mux(Path video, Path audioSource, Path output) throws IOException {
        AVFormatContext videoIn = open(video);
        AVFormatContext audioIn = null;
        AVFormatContext out = null;
        AVPacket videoPacket = av_packet_alloc();
        AVPacket audioPacket = av_packet_alloc();
        try {
            audioIn = open(audioSource);
            int vi = av_find_best_stream(videoIn, AVMEDIA_TYPE_VIDEO, -1, -1, (AVCodec) null, 0);
            int ai = av_find_best_stream(audioIn, AVMEDIA_TYPE_AUDIO, -1, -1, (AVCodec) null, 0);
            if (vi < 0) {
                throw new IOException(video + " has no video stream");
            }
            if (ai < 0) {
                return Outcome.NO_AUDIO;
            }
            out = new AVFormatContext(null);
            check(avformat_alloc_output_context2(out, null, "mp4", output.toString()), "create " + output);
            AVStream audioSourceStream = audioIn.streams(ai);
            if (avformat_query_codec(out.oformat(), audioSourceStream.codecpar().codec_id(), FF_COMPLIANCE_NORMAL) != 1) {
                return Outcome.UNSUPPORTED_CODEC;
            }
            AVStream videoOut = copyStream(out, videoIn.streams(vi));
            AVStream audioOut = copyStream(out, audioSourceStream);
            AVIOContext pb = new AVIOContext(null);
            check(avio_open(pb, output.toString(), AVIO_FLAG_WRITE), "open " + output + " for writing");
            out.pb(pb);
            check(avformat_write_header(out, (AVDictionary) null), "write the header of " + output);

            AVRational videoBase = videoIn.streams(vi).time_base();
            AVRational audioBase = audioSourceStream.time_base();
            long videoEnd = Long.MIN_VALUE; // in the video's time base
            boolean haveVideo = next(videoIn, vi, videoPacket);
            boolean haveAudio = next(audioIn, ai, audioPacket);
            while (haveVideo || haveAudio) {
                boolean videoFirst = haveVideo
                        && (!haveAudio || av_compare_ts(time(videoPacket), videoBase, time(audioPacket), audioBase) <= 0);
                if (videoFirst) {
                    videoEnd = Math.max(videoEnd, videoPacket.pts() + Math.max(0, videoPacket.duration()));
                    write(out, videoPacket, videoBase, videoOut);
                    haveVideo = next(videoIn, vi, videoPacket);
                } else {
                    boolean afterVideo = !haveVideo && av_compare_ts(time(audioPacket), audioBase, videoEnd, videoBase) >= 0;
                    if (afterVideo) {
                        av_packet_unref(audioPacket);
                        break;
                    }
                    write(out, audioPacket, audioBase, audioOut);
                    haveAudio = next(audioIn, ai, audioPacket);
                }
            }
            check(av_write_trailer(out), "finish " + output);
            return Outcome.COPIED;
        } finally {
            av_packet_free(videoPacket);
            av_packet_free(audioPacket);
            if (out != null) {
                if (out.pb() != null) {
                    avio_closep(out.pb());
                }
                avformat_free_context(out);
            }
            if (audioIn != null) {
                avformat_close_input(audioIn);
            }
            avformat_close_input(videoIn);
        }
    }

    private static AVFormatContext open(Path file) throws IOException {
        AVFormatContext ctx = new AVFormatContext(null);
        check(avformat_open_input(ctx, file.toString(), null, null), "open " + file);
        int found = avformat_find_stream_info(ctx, (PointerPointer<?>) null);
        if (found < 0) {
            avformat_close_input(ctx);
            throw new IOException("cannot read the streams of " + file + " (FFmpeg error " + found + ")");
        }
        return ctx;
    }

    private static AVStream copyStream(AVFormatContext out, AVStream in) throws IOException {
        AVStream stream = avformat_new_stream(out, null);
        if (stream == null) {
            throw new IOException("FFmpeg could not add a stream");
        }
        check(avcodec_parameters_copy(stream.codecpar(), in.codecpar()), "copy stream parameters");
        stream.codecpar().codec_tag(0); // let the MP4 muxer choose its own tag
        stream.time_base(in.time_base());
        return stream;
    }

    /** Reads the next packet of stream {@code index}, skipping others; false at the end. */
    private static boolean next(AVFormatContext in, int index, AVPacket packet) {
        while (av_read_frame(in, packet) >= 0) {
            if (packet.stream_index() == index) {
                return true;
            }
            av_packet_unref(packet);
        }
        return false;
    }

    private static long time(AVPacket packet) {
        return packet.dts() != AV_NOPTS_VALUE ? packet.dts() : packet.pts();
    }

    private static void write(AVFormatContext out, AVPacket packet, AVRational from, AVStream to) throws IOException {
        av_packet_rescale_ts(packet, from, to.time_base());
        packet.stream_index(to.index());
        packet.pos(-1);
        check(av_interleaved_write_frame(out, packet), "write a packet");
    }

    private static void check(int result, String what) throws IOException {
        if (result < 0) {
            throw new IOException("cannot " + what + " (FFmpeg error " + result + ")");
        }
    }
}
