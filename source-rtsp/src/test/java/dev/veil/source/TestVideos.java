package dev.veil.source;

import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_AAC;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUV420P;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;
import static org.bytedeco.opencv.global.opencv_imgproc.FONT_HERSHEY_SIMPLEX;
import static org.bytedeco.opencv.global.opencv_imgproc.circle;
import static org.bytedeco.opencv.global.opencv_imgproc.putText;

import java.io.IOException;
import java.nio.ShortBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import java.util.function.Consumer;
import java.util.function.IntFunction;
import java.util.function.IntPredicate;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVIOContext;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.avutil.AVRational;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avformat;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.OpenCVFrameConverter;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Point;
import org.bytedeco.opencv.opencv_core.Scalar;

/** H.264 MP4 files made by the tests themselves with FFmpeg, so no video is stored in the repository. */
public final class TestVideos {

    private TestVideos() {
    }

    /**
     * A clip of moving synthetic content: a ball that crosses the frame and the frame number written on it,
     * with a 440 Hz tone as its audio track when {@code withAudio}.
     */
    public static Path synthetic(Path file, int width, int height, int frames, double fps, boolean withAudio)
            throws IOException {
        return synthetic(file, width, height, frames, fps, withAudio, false);
    }

    /**
     * The same; with {@code indexFirst} an MP4's index goes before its pictures (as web and phone videos have it), so
     * that a copy cut short still opens and declares every picture.
     */
    public static Path synthetic(Path file, int width, int height, int frames, double fps, boolean withAudio,
                                 boolean indexFirst) throws IOException {
        try (FFmpegFrameRecorder recorder = new FFmpegFrameRecorder(file.toFile(), width, height, withAudio ? 1 : 0);
             OpenCVFrameConverter.ToMat converter = new OpenCVFrameConverter.ToMat()) {
            recorder.setFormat(file.toString().endsWith(".ts") ? "mpegts" : "mp4");
            recorder.setVideoCodecName("libopenh264");
            recorder.setPixelFormat(AV_PIX_FMT_YUV420P);
            recorder.setFrameRate(fps);
            recorder.setVideoBitrate(width * height * 4);
            recorder.setGopSize((int) Math.round(fps));
            if (indexFirst) {
                recorder.setOption("movflags", "+faststart");
            }
            if (withAudio) {
                recorder.setAudioCodec(AV_CODEC_ID_AAC);
                recorder.setSampleRate(44_100);
                recorder.setAudioBitrate(96_000);
            }
            recorder.start();
            int samplesPerFrame = (int) Math.round(44_100 / fps);
            long sampleIndex = 0;
            for (int i = 0; i < frames; i++) {
                try (Mat image = new Mat(height, width, CV_8UC3, new Scalar(40 + (i * 3) % 150, 90, 160, 0));
                     Point centre = new Point((int) ((long) i * width / Math.max(1, frames)), height / 2);
                     Point textAt = new Point(width / 20, height / 5);
                     Scalar white = new Scalar(255, 255, 255, 0)) {
                    circle(image, centre, Math.max(4, height / 8), white, -1, 8, 0);
                    putText(image, "frame " + i, textAt, FONT_HERSHEY_SIMPLEX, Math.max(0.5, height / 240.0), white,
                            2, 8, false);
                    recorder.record(converter.convert(image));
                }
                if (withAudio) {
                    short[] tone = new short[samplesPerFrame];
                    for (int s = 0; s < tone.length; s++, sampleIndex++) {
                        tone[s] = (short) (8000 * Math.sin(2 * Math.PI * 440 * sampleIndex / 44_100.0));
                    }
                    recorder.recordSamples(ShortBuffer.wrap(tone));
                }
            }
            recorder.stop();
        }
        return file;
    }

    /**
     * A copy of {@code source} with {@code length} bytes at {@code fraction} of its size overwritten by random
     * bytes (not cut): the container stays readable, the pictures there are damaged.
     */
    public static Path overwritten(Path source, Path copy, double fraction, int length) throws IOException {
        byte[] bytes = Files.readAllBytes(source);
        int at = (int) (bytes.length * fraction);
        byte[] noise = new byte[length];
        new Random(7).nextBytes(noise);
        System.arraycopy(noise, 0, bytes, at, Math.min(length, bytes.length - at));
        return Files.write(copy, bytes);
    }

    /**
     * An MPEG-TS file whose video stream is AVS2, a codec this FFmpeg build has no decoder for: what a camera
     * with an exotic codec gives. Its packets are random bytes; only their codec matters.
     */
    public static Path unsupportedCodec(Path file) throws IOException {
        Random random = new Random(3);
        return muxed(file, "mpegts", stream -> stream.codecpar().codec_type(avutil.AVMEDIA_TYPE_VIDEO)
                .codec_id(avcodec.AV_CODEC_ID_AVS2).width(320).height(240), 25, 25, i -> {
                    byte[] data = new byte[2000];
                    random.nextBytes(data);
                    data[0] = 0;
                    data[1] = 0;
                    data[2] = 1; // a start code, so the stream looks like video to a parser
                    return data;
                }, i -> i == 0);
    }

    /**
     * Uncompressed BGR video in AVI, of any size, 1x1 included (an encoder such as H.264 refuses odd sizes; raw
     * pictures have no such rule): each picture one grey level, a step brighter than the one before.
     */
    public static Path rawVideo(Path file, int width, int height, int frames, int fps) throws IOException {
        byte[] pixels = new byte[width * height * 3];
        return muxed(file, "avi", stream -> stream.codecpar().codec_type(avutil.AVMEDIA_TYPE_VIDEO)
                .codec_id(avcodec.AV_CODEC_ID_RAWVIDEO).format(avutil.AV_PIX_FMT_BGR24).width(width).height(height),
                fps, frames, i -> {
                    Arrays.fill(pixels, (byte) (i * 5));
                    return pixels;
                }, i -> true);
    }

    /**
     * A file of one video stream written packet by packet with FFmpeg's muxer, no encoder: packet {@code i} holds
     * {@code data.apply(i)} at time {@code i / fps}, a key frame when {@code key} says so.
     */
    private static Path muxed(Path file, String container, Consumer<AVStream> describe, int fps,
                              int packets, IntFunction<byte[]> data,
                              IntPredicate key) throws IOException {
        AVFormatContext format = new AVFormatContext(null);
        check(avformat.avformat_alloc_output_context2(format, null, container, file.toString()), "alloc");
        try {
            AVStream stream = avformat.avformat_new_stream(format, null);
            describe.accept(stream);
            AVRational frameTime = avutil.av_make_q(1, fps);
            stream.time_base(frameTime);
            AVIOContext io = new AVIOContext(null);
            check(avformat.avio_open(io, file.toString(), avformat.AVIO_FLAG_WRITE), "open");
            format.pb(io);
            check(avformat.avformat_write_header(format, (AVDictionary) null), "header");
            for (int i = 0; i < packets; i++) {
                byte[] bytes = data.apply(i);
                AVPacket packet = avcodec.av_packet_alloc();
                check(avcodec.av_new_packet(packet, bytes.length), "packet");
                packet.data().put(bytes);
                packet.pts(i).dts(i).duration(1).stream_index(0).flags(key.test(i) ? avcodec.AV_PKT_FLAG_KEY : 0);
                avcodec.av_packet_rescale_ts(packet, frameTime, stream.time_base());
                check(avformat.av_interleaved_write_frame(format, packet), "write");
                avcodec.av_packet_free(packet);
            }
            check(avformat.av_write_trailer(format), "trailer");
            avformat.avio_closep(format.pb());
        } finally {
            avformat.avformat_free_context(format);
        }
        return file;
    }

    private static void check(int ret, String what) throws IOException {
        if (ret < 0) {
            throw new IOException("FFmpeg " + what + " failed: " + ret);
        }
    }
}
