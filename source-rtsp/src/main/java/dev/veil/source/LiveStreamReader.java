package dev.veil.source;

import dev.veil.frame.StageClock;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A live stream: read as it comes, its oldest frames dropped when the pipeline is behind, and reopened with
 * backoff for as long as the vertex runs whenever the server ends it, reading fails, or no picture comes within
 * the stall timeout. An outage is one WARN line; the failed attempts during it are DEBUG; the return is one INFO.
 */
final class LiveStreamReader extends StreamReader {

    private static final Logger log = LoggerFactory.getLogger(LiveStreamReader.class);

    private final ReconnectBackoff backoff;
    private boolean everOpened;
    private boolean down;
    private long downSinceNanos;
    private int failedAttempts;
    /** Why the stream delivers nothing now and when it is tried again, for status lines; null while it delivers. */
    private volatile Waiting waiting;

    private record Waiting(String reason, long retryAtNanos, int attempts) {
    }

    LiveStreamReader(int index, StreamSpec spec, SourceConfig config, FrameQueues queues,
                     VideoInput.Settings settings, Pacer pacer, ReconnectBackoff backoff, boolean asPictures) {
        super(index, spec, config, queues, settings, pacer, asPictures);
        this.backoff = backoff;
    }

    @Override
    protected Optional<Outage> outage() {
        Waiting w = waiting;
        return w == null ? Optional.empty() : Optional.of(new Outage(w.reason(),
                Duration.ofNanos(Math.max(0, w.retryAtNanos() - System.nanoTime())), w.attempts()));
    }

    /** What is queued: a live stream has nothing else in store. */
    @Override
    long pending() {
        return queues.size(index);
    }

    @Override
    protected void play() throws InterruptedException {
        while (!closed()) {
            InterruptFlag flag = newFlag();
            if (flag == null) {
                return;
            }
            Duration wait;
            try {
                wait = attempt(flag);
            } finally {
                releaseFlag(flag);
            }
            if (wait == null) {
                return;
            }
            Thread.sleep(wait.toMillis());
        }
    }

    /** Opens the stream and reads it until it is lost; the wait before the next attempt, or null when closing. */
    private Duration attempt(InterruptFlag flag) throws InterruptedException {
        String forLogs = spec.inputForLogs();
        VideoInput input;
        try {
            input = VideoInput.open(spec.inputs().get(0), forLogs, settings, flag);
        } catch (InputException e) {
            if (e.kind() == InputException.Kind.ABORTED) {
                return null;
            }
            counters.readErrors.incrementAndGet();
            failedAttempts++;
            Duration wait = backoff.next();
            noteProblem(e.getMessage());
            waiting = new Waiting(e.reason(), System.nanoTime() + wait.toNanos(), failedAttempts);
            if (!down) {
                down = true;
                downSinceNanos = System.nanoTime();
                log.atWarn().addKeyValue("stream", id).addKeyValue("input", forLogs)
                        .addKeyValue("error", e.getMessage()).addKeyValue("retry_in_ms", wait.toMillis())
                        .log("stream cannot be opened, retrying");
            } else {
                log.atDebug().addKeyValue("stream", id).addKeyValue("attempt", failedAttempts)
                        .addKeyValue("error", e.getMessage()).addKeyValue("retry_in_ms", wait.toMillis())
                        .log("stream still cannot be opened");
            }
            return wait;
        }
        try (input) {
            noteDecoder(input);
            if (everOpened) {
                log.atInfo().addKeyValue("stream", id).addKeyValue("input", forLogs)
                        .addKeyValue("failed_attempts", failedAttempts)
                        .addKeyValue("down_for_ms", (System.nanoTime() - downSinceNanos) / 1_000_000)
                        .log("stream reconnected");
            } else {
                logOpened(input, forLogs, 0);
            }
            everOpened = true;
            down = false;
            failedAttempts = 0;
            waiting = null;
            String reason = read(input, forLogs);
            if (reason == null) {
                return null;
            }
            counters.reconnects.incrementAndGet();
            down = true;
            downSinceNanos = System.nanoTime();
            Duration wait = backoff.next();
            noteProblem("stream lost: " + reason);
            waiting = new Waiting(reason, System.nanoTime() + wait.toNanos(), 0);
            log.atWarn().addKeyValue("stream", id).addKeyValue("input", forLogs).addKeyValue("reason", reason)
                    .addKeyValue("retry_in_ms", wait.toMillis())
                    .log(reason.startsWith("stalled") ? "stream stalled, reconnecting" : "stream lost, reconnecting");
            return wait;
        }
    }

    /** Reads until the stream is lost; returns why, or null when the source is closing. */
    private String read(VideoInput input, String forLogs) throws InterruptedException {
        long frameMicros = frameMicros(input);
        long pictures = 0;
        long lastPts = -1;
        emitter.inputOpened();
        try {
            while (!closed()) {
                long start = StageClock.nowMicros();
                VideoInput.Picture picture = input.next();
                if (picture == null) {
                    return "the stream ended";
                }
                if (pictures++ == 0) {
                    backoff.reset();
                }
                lastPts = picture.ptsMicros();
                if (!emitter.skipDamaged(picture, forLogs, pictures - 1)) {
                    emitter.emit(input, picture, start, null, 0);
                }
            }
            return null;
        } catch (InputException e) {
            if (e.kind() == InputException.Kind.ABORTED || closed()) {
                return null;
            }
            if (e.kind() == InputException.Kind.STALLED) {
                counters.stalls.incrementAndGet();
                return "stalled: " + e.getMessage();
            }
            counters.readErrors.incrementAndGet();
            return e.getMessage();
        } finally {
            emitter.inputEnded(lastPts, frameMicros); // presentation times keep going forward across reconnects
        }
    }
}
