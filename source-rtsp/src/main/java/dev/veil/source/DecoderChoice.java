package dev.veil.source;

import dev.veil.config.Env;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Which FFmpeg decoder a stream gets: NVDEC's ({@code h264_cuvid} for H.264) when the setting allows it, a CUDA
 * device is visible and this FFmpeg has NVDEC for the codec; otherwise FFmpeg's CPU decoder for the codec.
 *
 * @param nvdecDecoder the NVDEC decoder's FFmpeg name, or null for the CPU
 * @param reason       why, in words for the log line
 */
record DecoderChoice(String nvdecDecoder, String reason) {

    /** FFmpeg's NVDEC decoder for each codec it has one for, by the codec's FFmpeg name. */
    private static final Map<String, String> NVDEC = Map.of("h264", "h264_cuvid", "hevc", "hevc_cuvid",
            "av1", "av1_cuvid", "vp8", "vp8_cuvid", "vp9", "vp9_cuvid", "mpeg1video", "mpeg1_cuvid",
            "mpeg2video", "mpeg2_cuvid", "mpeg4", "mpeg4_cuvid", "mjpeg", "mjpeg_cuvid", "vc1", "vc1_cuvid");

    /**
     * @param codec         the stream's codec, FFmpeg's name ({@code h264})
     * @param decoderExists whether this FFmpeg build has a decoder of that name
     */
    static DecoderChoice choose(DecoderSetting setting, CudaDevices cuda, String codec, Predicate<String> decoderExists) {
        if (setting == DecoderSetting.CPU) {
            return new DecoderChoice(null, SourceConfig.DECODER + "=cpu");
        }
        if (!cuda.visible()) {
            return new DecoderChoice(null, "no CUDA device visible (" + cuda.missing() + ")");
        }
        String nvdec = NVDEC.get(codec);
        if (nvdec == null || !decoderExists.test(nvdec)) {
            return new DecoderChoice(null, "FFmpeg has no NVDEC decoder for " + codec);
        }
        return new DecoderChoice(nvdec, "CUDA device visible, " + SourceConfig.DECODER + "=" + Env.spelling(setting));
    }

    boolean usesNvdec() {
        return nvdecDecoder != null;
    }
}
