package dev.veil.source;

import static org.bytedeco.ffmpeg.global.avcodec.av_packet_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_free;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_unref;
import static org.bytedeco.ffmpeg.global.avformat.av_find_best_stream;
import static org.bytedeco.ffmpeg.global.avformat.av_guess_frame_rate;
import static org.bytedeco.ffmpeg.global.avformat.av_read_frame;
import static org.bytedeco.ffmpeg.global.avformat.avformat_alloc_context;
import static org.bytedeco.ffmpeg.global.avformat.avformat_close_input;
import static org.bytedeco.ffmpeg.global.avformat.avformat_find_stream_info;
import static org.bytedeco.ffmpeg.global.avformat.avformat_open_input;
import static org.bytedeco.ffmpeg.global.avutil.AVERROR_EOF;
import static org.bytedeco.ffmpeg.global.avutil.AVERROR_STREAM_NOT_FOUND;
import static org.bytedeco.ffmpeg.global.avutil.AVMEDIA_TYPE_VIDEO;
import static org.bytedeco.ffmpeg.global.avutil.av_dict_free;
import static org.bytedeco.ffmpeg.global.avutil.av_dict_set;

import java.util.Locale;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.avutil.AVRational;
import org.bytedeco.javacpp.PointerPointer;

/**
 * The container side of one input (a file or a stream URL): opens it, finds its video stream and reads that
 * stream's packets, telling a closing source, a stalled stream and a network error from the end of the input.
 */
final class Demuxer implements AutoCloseable {

    /** Socket receive buffer for RTSP over UDP: a 4K key frame is a burst of about a megabyte. */
    private static final String UDP_BUFFER_BYTES = Integer.toString(4 * 1024 * 1024);

    private final AVFormatContext format;
    private final AVStream stream;
    private final InterruptFlag interrupt;
    private final VideoInput.Settings settings;
    private final AVPacket packet = av_packet_alloc();
    private boolean packetHeld;
    private String readFailure;

    private Demuxer(AVFormatContext format, AVStream stream, InterruptFlag interrupt, VideoInput.Settings settings) {
        this.format = format;
        this.stream = stream;
        this.interrupt = interrupt;
        this.settings = settings;
    }

    /**
     * Opens the input and finds its video stream. For a live input the open timeout applies until
     * {@link InterruptFlag#noDeadline()}, which the caller calls once the decoder is open too.
     */
    static Demuxer open(String location, String forLogs, VideoInput.Settings settings, InterruptFlag interrupt)
            throws InputException {
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
            return new Demuxer(format, format.streams(index), interrupt, settings);
        } catch (InputException | RuntimeException e) {
            avformat_close_input(format);
            throw e;
        }
    }

    /** The video stream: its codec parameters and time base. Owned by this demuxer. */
    AVStream stream() {
        return stream;
    }

    /**
     * The next packet of the video stream, owned by this demuxer and valid until the next call; or null at the end
     * of the input (for a file, also where the rest cannot be read: see {@link #readFailure()}).
     *
     * @param lastPictureNanos when the decoder last gave a picture (System.nanoTime): a live stream that gives none
     *                         for the stall timeout after it is stalled
     */
    AVPacket read(long lastPictureNanos) throws InputException {
        if (packetHeld) {
            av_packet_unref(packet);
            packetHeld = false;
        }
        if (settings.live()) {
            interrupt.deadline(lastPictureNanos, settings.stallTimeout().toNanos());
        }
        while (true) {
            int ret = av_read_frame(format, packet);
            if (ret < 0) {
                failed(ret);
                return null;
            }
            if (packet.stream_index() == stream.index()) {
                packetHeld = true;
                return packet;
            }
            av_packet_unref(packet);
        }
    }

    /** Why the rest of a file could not be read, or null when it was read to its end. */
    String readFailure() {
        return readFailure;
    }

    /** Nominal frame rate, or 0 when the input does not say. */
    double frameRate() {
        AVRational rate = av_guess_frame_rate(format, stream, null);
        double fps = rate.den() > 0 ? (double) rate.num() / rate.den() : 0;
        return Double.isFinite(fps) && fps > 0 && fps < 1000 ? fps : 0;
    }

    /** Pictures the container says the video has; 0 when unknown (live streams, MPEG-TS). */
    long declaredFrames() {
        return Math.max(0, stream.nb_frames());
    }

    @Override
    public void close() {
        av_packet_free(packet);
        avformat_close_input(format);
    }

    /** A read that gave no packet: an exception for what ends the input abnormally, else the end. */
    private void failed(int ret) throws InputException {
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
    }

    private static InputException openFailure(InterruptFlag interrupt, String what, int ret,
                                              VideoInput.Settings settings) {
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
}
