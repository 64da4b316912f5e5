package dev.veil.source;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.List;
import org.slf4j.LoggerFactory;

/** Every log event of the JVM while open (FFmpeg's own lines too, at the level given), for assertions. */
final class LogCapture implements AutoCloseable {

    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();
    private final Logger root = (Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME);
    private final Logger ffmpeg = (Logger) LoggerFactory.getLogger(FfmpegLog.LOGGER);
    private final Level ffmpegLevel = ffmpeg.getLevel();
    private final boolean ffmpegAdditive = ffmpeg.isAdditive();

    /** With a level, FFmpeg's lines are captured at that level without flooding the console. */
    LogCapture(Level ffmpegLevel) {
        appender.start();
        root.addAppender(appender);
        if (ffmpegLevel != null) {
            ffmpeg.setLevel(ffmpegLevel);
            ffmpeg.setAdditive(false);
            ffmpeg.addAppender(appender);
        }
    }

    LogCapture() {
        this(null);
    }

    /** A copy of the events so far. */
    List<ILoggingEvent> events() {
        synchronized (appender) { // AppenderBase appends under the appender's own lock
            return List.copyOf(appender.list);
        }
    }

    /** Events whose message contains {@code text}. */
    List<ILoggingEvent> withMessage(String text) {
        return events().stream().filter(e -> e.getFormattedMessage().contains(text)).toList();
    }

    /** The event as one line: message and key-values, as the log pattern prints it. */
    static String line(ILoggingEvent e) {
        StringBuilder line = new StringBuilder(e.getLoggerName()).append(' ').append(e.getFormattedMessage());
        if (e.getKeyValuePairs() != null) {
            e.getKeyValuePairs().forEach(kv -> line.append(' ').append(kv.key).append('=').append(kv.value));
        }
        return line.toString();
    }

    @Override
    public void close() {
        root.detachAppender(appender);
        ffmpeg.detachAppender(appender);
        ffmpeg.setAdditive(ffmpegAdditive);
        ffmpeg.setLevel(ffmpegLevel);
    }
}
