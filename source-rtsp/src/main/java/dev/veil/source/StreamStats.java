package dev.veil.source;

import java.util.Optional;

/**
 * Counters of one stream. For a live stream, {@code decoded == emitted + dropped + queued} at every moment.
 *
 * @param streamId       the stream's id
 * @param input          its input(s), user and password removed
 * @param live           a live stream (drops when behind) rather than files (waits when behind)
 * @param decoder        the decoder in use ({@code h264}, {@code h264_cuvid}), or empty before the first open
 * @param decoded        frames decoded, encoded and queued
 * @param emitted        frames handed to Numaflow in read responses
 * @param acknowledged   frames Numaflow acknowledged
 * @param dropped        live: frames dropped from a full queue (downstream slower than the stream)
 * @param queued         frames waiting for a read
 * @param readErrors     failed opens and failed reads (refused, not found, connection lost, unreadable file)
 * @param decodeErrors   damage events: runs of damaged pictures, each logged once
 * @param damagedFrames  pictures not emitted because they were damaged or depended on a damaged one
 * @param unreadFrames   pictures a damaged file declares that never came out of it (its end cut off or unreadable,
 *                       packets the decoder rejected)
 * @param oversizeFrames frames not emitted because their message exceeded VEIL_MAX_FRAME_BYTES
 * @param stalls         times the live stream delivered no picture within VEIL_STALL_TIMEOUT
 * @param reconnects     times the live stream was lost (ended, failed, stalled) and reopening began
 * @param declaredFrames frames the current file says it has (0 when unknown)
 * @param finished       the stream is done: nothing more will be queued
 * @param lastProblem    the latest failure or damage, one line without credentials
 * @param outage         a live stream that delivers nothing now: why, and when it is tried again
 */
public record StreamStats(String streamId, String input, boolean live, String decoder, long decoded, long emitted,
                          long acknowledged, long dropped, int queued, long readErrors, long decodeErrors,
                          long damagedFrames, long unreadFrames, long oversizeFrames, long stalls, long reconnects,
                          long declaredFrames, boolean finished, Optional<String> lastProblem,
                          Optional<Outage> outage) {

    /** Pictures of the input lost to damage: skipped as damaged, or never decoded. */
    public long framesLostToDamage() {
        return damagedFrames + unreadFrames;
    }
}
