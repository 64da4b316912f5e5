package dev.veil.testing;

import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.LogRecord;
import java.util.logging.SimpleFormatter;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestPlan;
import org.slf4j.LoggerFactory;
import org.slf4j.spi.LoggingEventBuilder;

/**
 * Sends the logs that do not go through Logback where the tests' own go (a file, see veil-test-logback.xml), not
 * to the console: what libraries log through java.util.logging (gRPC does) is handed to Logback, and FFmpeg's
 * native log, which writes to stderr itself, keeps its errors only (the encoder's notes and the banner of every
 * file a test writes are dropped). Installed when a module's tests start; registered for every module through the
 * frame-format test jar.
 */
public final class TestLogging implements TestExecutionListener {

    /** libavutil/log.h: AV_LOG_ERROR. */
    private static final int FFMPEG_ERRORS_ONLY = 16;

    @Override
    public void testPlanExecutionStarted(TestPlan testPlan) {
        java.util.logging.Logger root = LogManager.getLogManager().getLogger("");
        for (Handler handler : root.getHandlers()) {
            root.removeHandler(handler);
        }
        root.addHandler(new ToLogback());
        quietFfmpeg();
    }

    /** Through reflection: most modules' tests have no FFmpeg, and this jar does not depend on it. */
    private static void quietFfmpeg() {
        try {
            Class.forName("org.bytedeco.ffmpeg.global.avutil").getMethod("av_log_set_level", int.class)
                    .invoke(null, FFMPEG_ERRORS_ONLY);
        } catch (ClassNotFoundException e) {
            // no FFmpeg in this module's tests
        } catch (ReflectiveOperationException | LinkageError e) {
            LoggerFactory.getLogger(TestLogging.class).atWarn().addKeyValue("error", e.toString())
                    .log("FFmpeg's log level could not be set; its notes go to the console");
        }
    }

    /** A java.util.logging handler that logs each record through SLF4J under the same logger name. */
    private static final class ToLogback extends Handler {
        private final Formatter messages = new SimpleFormatter();

        @Override
        public void publish(LogRecord record) {
            if (record == null || !isLoggable(record)) {
                return;
            }
            String name = record.getLoggerName() == null ? "jul" : record.getLoggerName();
            LoggingEventBuilder event = LoggerFactory.getLogger(name).atLevel(levelOf(record.getLevel()));
            if (record.getThrown() != null) {
                event = event.setCause(record.getThrown());
            }
            event.log(messages.formatMessage(record));
        }

        private static org.slf4j.event.Level levelOf(Level level) {
            int value = level.intValue();
            if (value >= Level.SEVERE.intValue()) {
                return org.slf4j.event.Level.ERROR;
            }
            if (value >= Level.WARNING.intValue()) {
                return org.slf4j.event.Level.WARN;
            }
            if (value >= Level.INFO.intValue()) {
                return org.slf4j.event.Level.INFO;
            }
            return value >= Level.FINE.intValue() ? org.slf4j.event.Level.DEBUG : org.slf4j.event.Level.TRACE;
        }

        @Override
        public void flush() {
            // Logback's appenders flush themselves
        }

        @Override
        public void close() {
            // nothing held
        }
    }
}
