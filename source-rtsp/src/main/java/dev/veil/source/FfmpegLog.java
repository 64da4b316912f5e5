package dev.veil.source;

import static org.bytedeco.ffmpeg.global.avutil.AV_LOG_TRACE;
import static org.bytedeco.ffmpeg.global.avutil.AV_LOG_QUIET;
import static org.bytedeco.ffmpeg.global.avutil.AV_LOG_WARNING;

import java.nio.charset.StandardCharsets;
import org.bytedeco.ffmpeg.avutil.LogCallback;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacpp.BytePointer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * FFmpeg's own log lines, which can quote URLs and (at its debug level) request headers, go through SLF4J
 * after every known credential is removed, never straight to stderr. They are per-packet detail, so they are
 * logged at DEBUG (FFmpeg's errors and warnings) and TRACE (everything down to FFmpeg's request dumps) under the
 * logger {@code dev.veil.source.ffmpeg}; the source's own one-line events say what happened at INFO and WARN.
 * When that logger is off, FFmpeg is told to log nothing, so its lines cost nothing. The level is read again at
 * each input's opening.
 */
final class FfmpegLog {

    static final String LOGGER = "dev.veil.source.ffmpeg";

    private static final Logger log = LoggerFactory.getLogger(LOGGER);
    private static boolean installed;

    // One instance for the life of the JVM: FFmpeg keeps the function pointer.
    private static final LogCallback CALLBACK = new LogCallback() {
        @Override
        public void call(int level, BytePointer message) {
            String line = message == null ? "" : message.getString(StandardCharsets.UTF_8).strip();
            if (line.isEmpty()) {
                return;
            }
            line = Credentials.scrub(line);
            if (level <= AV_LOG_WARNING) {
                log.atDebug().addKeyValue("ffmpeg_level", level).log(line);
            } else {
                log.atTrace().addKeyValue("ffmpeg_level", level).log(line);
            }
        }
    };

    private FfmpegLog() {
    }

    /** Routes FFmpeg's log here (once) and sets FFmpeg's level from the logger's current level. */
    static synchronized void install() {
        if (!installed) {
            avutil.setLogCallback(CALLBACK);
            installed = true;
        }
        avutil.av_log_set_level(log.isTraceEnabled() ? AV_LOG_TRACE : log.isDebugEnabled() ? AV_LOG_WARNING : AV_LOG_QUIET);
    }
}
