package dev.veil.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.slf4j.event.KeyValuePair;

/** The window arithmetic with a clock the test moves. */
class RefusalLogTest {

    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    private final RefusalLog refusals = new RefusalLog(Duration.ofSeconds(10), now::get);
    private final Logger logger = (Logger) LoggerFactory.getLogger("RefusalLogTest");
    private final ListAppender<ILoggingEvent> lines = new ListAppender<>();

    @BeforeEach
    void capture() {
        lines.start();
        logger.addAppender(lines);
    }

    @AfterEach
    void release() {
        logger.detachAppender(lines);
    }

    private void refuse(String message, int n) {
        for (int i = 0; i < n; i++) {
            int attempt = i;
            refusals.warn(logger, message, e -> e.addKeyValue("attempt", attempt));
        }
    }

    private static Object value(ILoggingEvent event, String key) {
        List<KeyValuePair> pairs = event.getKeyValuePairs();
        return pairs == null ? null : pairs.stream().filter(kv -> kv.key.equals(key)).map(kv -> kv.value)
                .findFirst().orElse(null);
    }

    @Test
    void oneLinePerKindPerWindowAndTheRestCounted() {
        refuse("ingest refused: invalid frame", 1000);
        refuse("ingest refused: bearer token", 3);
        assertEquals(2, lines.list.size(), "the first of each kind");
        assertEquals(0, value(lines.list.get(0), "attempt"));
        assertNull(value(lines.list.get(0), "suppressed"));

        now.addAndGet(Duration.ofSeconds(10).toNanos());
        refuse("ingest refused: invalid frame", 1);
        assertEquals(3, lines.list.size());
        assertEquals("ingest refused: invalid frame", lines.list.get(2).getFormattedMessage());
        assertEquals(999L, value(lines.list.get(2), "suppressed"), "the next line says how many were not logged");
    }

    @Test
    void aFloodThatStopsIsCountedByTheFlush() {
        refuse("viewer refused: too many viewers", 50);
        refusals.flush();
        assertEquals(1, lines.list.size(), "not before its window is over");
        now.addAndGet(Duration.ofSeconds(11).toNanos());
        refusals.flush();
        assertEquals(2, lines.list.size());
        assertEquals(49L, value(lines.list.get(1), "suppressed"));
        refusals.flush();
        assertEquals(2, lines.list.size(), "counted once");
    }
}
