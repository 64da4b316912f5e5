package dev.veil.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.spi.LoggingEventBuilder;

/**
 * WARN lines for refused requests and dropped messages, at most one per kind per window: whoever sends a thousand
 * bad requests a second must not be able to fill the disk or bury the one line that matters. The first refusal of a
 * kind is logged with its details; the others in its window are counted, and the count is logged (key
 * {@code suppressed}) with the next line of that kind or, if none comes, by {@link #flush} once the window is over.
 * Thread-safe.
 */
public final class RefusalLog {

    public static final Duration WINDOW = Duration.ofSeconds(10);

    /** A kind of refusal: its logger and its message, a constant (never network text), which is the key. */
    private static final class Kind {
        final Logger log;
        long windowStartNanos;
        long suppressed;

        Kind(Logger log, long windowStartNanos) {
            this.log = log;
            this.windowStartNanos = windowStartNanos;
        }
    }

    private final long windowNanos;
    private final LongSupplier nanoClock;
    private final Map<String, Kind> kinds = new LinkedHashMap<>();

    public RefusalLog() {
        this(WINDOW, System::nanoTime);
    }

    public RefusalLog(Duration window, LongSupplier nanoClock) {
        this.windowNanos = window.toNanos();
        this.nanoClock = nanoClock;
    }

    /**
     * Logs one refusal at WARN, or counts it when one of the same message was logged less than a window ago.
     *
     * @param message a constant: the kind of refusal
     * @param details adds the event's key-values (the log pattern escapes network text, {@link EscapedLogText})
     */
    public void warn(Logger log, String message, Consumer<LoggingEventBuilder> details) {
        long now = nanoClock.getAsLong();
        long suppressed;
        synchronized (kinds) {
            Kind kind = kinds.get(message);
            if (kind == null) {
                kinds.put(message, new Kind(log, now));
                suppressed = 0;
            } else if (now - kind.windowStartNanos < windowNanos) {
                kind.suppressed++;
                return;
            } else {
                suppressed = kind.suppressed;
                kind.suppressed = 0;
                kind.windowStartNanos = now;
            }
        }
        LoggingEventBuilder event = log.atWarn();
        details.accept(event);
        if (suppressed > 0) {
            event.addKeyValue("suppressed", suppressed);
        }
        event.log(message);
    }

    /** Logs the count of each kind whose window is over with refusals not logged yet; call it every second or so. */
    public void flush() {
        long now = nanoClock.getAsLong();
        List<Runnable> lines = new ArrayList<>();
        synchronized (kinds) {
            for (Map.Entry<String, Kind> e : kinds.entrySet()) {
                Kind kind = e.getValue();
                if (kind.suppressed > 0 && now - kind.windowStartNanos >= windowNanos) {
                    long suppressed = kind.suppressed;
                    kind.suppressed = 0;
                    kind.windowStartNanos = now;
                    String message = e.getKey();
                    lines.add(() -> kind.log.atWarn().addKeyValue("suppressed", suppressed).log(message));
                }
            }
        }
        lines.forEach(Runnable::run);
    }
}
