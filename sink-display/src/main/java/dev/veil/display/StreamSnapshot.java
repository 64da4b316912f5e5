package dev.veil.display;

import java.util.Map;

/**
 * What the display knows about one stream at one moment; served as JSON by {@code /api/streams}.
 *
 * @param framesReceived     valid frames ingested, shown or not
 * @param framesShown        frames that became the picture
 * @param framesNotOk        frames whose detection did not succeed upstream (the sink failed closed on them)
 * @param framesLate         frames not shown because a newer one of the stream had been shown already
 * @param lastSequence       sequence of the frame on display, or -1 before the first
 * @param fps                frames shown per second over the last few seconds
 * @param facesPerFrame      mean number of faces per frame over the recent frames
 * @param facesLastFrame     faces in the most recent frame received
 * @param latency            ingest time minus capture time, over recent frames; {@code null} before the first
 * @param stageLatency       per stage name, its own duration (end minus start) over recent frames
 * @param viewers            MJPEG clients watching now
 */
public record StreamSnapshot(
        String stream,
        long framesReceived,
        long framesShown,
        long framesNotOk,
        long framesLate,
        long lastSequence,
        double fps,
        double facesPerFrame,
        int facesLastFrame,
        LatencySummary latency,
        Map<String, LatencySummary> stageLatency,
        int viewers) {
}
