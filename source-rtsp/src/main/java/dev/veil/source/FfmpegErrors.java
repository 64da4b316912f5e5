package dev.veil.source;

import java.nio.charset.StandardCharsets;
import org.bytedeco.ffmpeg.global.avutil;

/** FFmpeg's own words for an error code, e.g. "Connection refused", which is what an operator can act on. */
final class FfmpegErrors {

    private FfmpegErrors() {
    }

    static String describe(int code) {
        String words = words(code);
        return words == null ? "FFmpeg error " + code : words + " (FFmpeg error " + code + ")";
    }

    /** FFmpeg's words alone ("Connection refused"), for a status line; null when it has none for the code. */
    static String words(int code) {
        byte[] text = new byte[256];
        if (avutil.av_strerror(code, text, text.length) != 0) {
            return null;
        }
        int length = 0;
        while (length < text.length && text[length] != 0) {
            length++;
        }
        return new String(text, 0, length, StandardCharsets.UTF_8);
    }
}
