package dev.veil.source;

import java.time.Duration;

/**
 * A live stream that delivers nothing now, as a status line tells it.
 *
 * @param reason   why: FFmpeg's words for the last failure ("Connection refused"), or how the stream was lost
 * @param retryIn  how long until the next attempt; zero while an attempt is under way
 * @param attempts attempts that failed since the stream last delivered
 */
public record Outage(String reason, Duration retryIn, int attempts) {
}
