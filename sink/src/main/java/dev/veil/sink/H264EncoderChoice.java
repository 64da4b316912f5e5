package dev.veil.sink;

import dev.veil.config.Env;
import java.io.IOException;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Which OpenH264 writes the MP4 files ({@code VEIL_H264_ENCODER}, {@code veil run --h264-encoder}). */
public enum H264EncoderChoice {
    /** The machine's libopenh264 when it has one, else FFmpeg's. */
    AUTO,
    /** The machine's libopenh264 ({@code libopenh264-7} or {@code -8}); a file fails to start without it. */
    SYSTEM,
    /** The OpenH264 inside Veil's FFmpeg: always there, built without SIMD, about four times the CPU. */
    FFMPEG;

    private static final Logger log = LoggerFactory.getLogger(H264EncoderChoice.class);
    private static final AtomicBoolean told = new AtomicBoolean();

    /**
     * Why this choice's encoder cannot run on this machine, if it cannot: only {@link #SYSTEM} can be missing.
     *
     * @param askedAs how the person chose it, for the message: {@code VEIL_H264_ENCODER} or {@code --h264-encoder}
     */
    public Optional<String> whyUnavailable(String askedAs) {
        return this == SYSTEM ? whyUnavailable(askedAs, SystemOpenH264.find()) : Optional.empty();
    }

    private Optional<String> whyUnavailable(String askedAs, SystemOpenH264.Lookup lookup) {
        if (this != SYSTEM || lookup.library().isPresent()) {
            return Optional.empty();
        }
        return Optional.of("the machine's OpenH264 was asked for (" + askedAs + " " + Env.spelling(SYSTEM)
                + ") and cannot be used: " + lookup.whyNot() + "; install libopenh264-7 or libopenh264-8, or choose "
                + Env.spelling(FFMPEG) + " (built in, about four times the CPU)");
    }

    /** Opens this choice's encoder for pictures of the size given; the SPS and PPS go to the file's header. */
    H264Encoder open(int width, int height, double frameRate, int keyFrameSpacing) throws IOException {
        return open(width, height, frameRate, keyFrameSpacing, this == FFMPEG ? null : SystemOpenH264.find());
    }

    /** As {@link #open(int, int, double, int)}, with the machine's library as found (tests pass one not found). */
    H264Encoder open(int width, int height, double frameRate, int keyFrameSpacing, SystemOpenH264.Lookup lookup)
            throws IOException {
        return switch (this) {
            case FFMPEG -> FfmpegH264Encoder.open(width, height, frameRate, keyFrameSpacing);
            case SYSTEM -> {
                Optional<String> missing = whyUnavailable(SinkConfig.H264_ENCODER.toString(), lookup);
                if (missing.isPresent()) {
                    throw new IOException(missing.get());
                }
                yield SystemOpenH264Encoder.open(lookup.library().get(), width, height, frameRate, keyFrameSpacing);
            }
            case AUTO -> {
                H264Encoder encoder = lookup.library().isPresent()
                        ? SystemOpenH264Encoder.open(lookup.library().get(), width, height, frameRate, keyFrameSpacing)
                        : FfmpegH264Encoder.open(width, height, frameRate, keyFrameSpacing);
                if (told.compareAndSet(false, true)) {
                    if (lookup.library().isPresent()) {
                        log.atInfo().addKeyValue("encoder", encoder.name()).log("H.264 encoder chosen");
                    } else {
                        log.atInfo().addKeyValue("encoder", encoder.name()).addKeyValue("why", lookup.whyNot())
                                .log("H.264 encoder chosen: FFmpeg's, about four times the CPU of the machine's own"
                                        + " libopenh264 (install libopenh264-7 or libopenh264-8 to use it)");
                    }
                }
                yield encoder;
            }
        };
    }
}
