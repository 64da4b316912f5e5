package dev.veil.source;

import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacpp.BytePointer;

/**
 * Turns JavaCV's exception texts (which quote the whole URL and advise on JavaCV calls) into FFmpeg's own
 * description of the error code, e.g. "Connection refused", which is what an operator can act on.
 */
final class FfmpegErrors {

    private static final Pattern CODE = Pattern.compile("error (-?\\d+)");

    private FfmpegErrors() {
    }

    static String describe(Exception e) {
        String message = String.valueOf(e.getMessage());
        Matcher m = CODE.matcher(message);
        if (!m.find()) {
            return e.getClass().getSimpleName();
        }
        int code = Integer.parseInt(m.group(1));
        try (BytePointer text = new BytePointer(256)) {
            if (avutil.av_strerror(code, text, 256) == 0) {
                byte[] raw = new byte[256];
                text.get(raw);
                int length = 0;
                while (length < raw.length && raw[length] != 0) {
                    length++;
                }
                return new String(raw, 0, length, StandardCharsets.UTF_8) + " (FFmpeg error " + code + ")";
            }
        }
        return "FFmpeg error " + code;
    }
}
