package dev.veil.source;

import java.util.List;

/**
 * Counters of a running source, summed over its streams, for logs and progress lines; each stream's own are in
 * {@code streams}.
 *
 * @param decoded        frames decoded and queued
 * @param emitted        frames handed to Numaflow in read responses
 * @param acknowledged   frames Numaflow acknowledged
 * @param queued         frames decoded and waiting for a read
 * @param readErrors     failed opens and reads (corrupt or truncated file, lost stream, refused connection)
 * @param declaredFrames frames the inputs say they have (0 when unknown, e.g. a live stream)
 * @param finished       every stream is done and nothing more will be emitted
 * @param dropped        live frames dropped because downstream was slower than the stream
 * @param decodeErrors   damage events (runs of damaged pictures)
 * @param damagedFrames  pictures skipped as damaged
 * @param unreadFrames   pictures damaged files declare that never came out of them (cut off, unreadable)
 * @param oversizeFrames frames refused as larger than VEIL_MAX_FRAME_BYTES
 * @param stalls         stalled live streams detected
 * @param reconnects     live streams lost and reopened
 * @param streams        the same counters per stream
 */
public record SourceStats(long decoded, long emitted, long acknowledged, int queued, long readErrors,
                          long declaredFrames, boolean finished, long dropped, long decodeErrors, long damagedFrames,
                          long unreadFrames, long oversizeFrames, long stalls, long reconnects,
                          List<StreamStats> streams) {

    public SourceStats {
        streams = List.copyOf(streams);
    }

    static SourceStats of(List<StreamStats> streams) {
        return new SourceStats(
                streams.stream().mapToLong(StreamStats::decoded).sum(),
                streams.stream().mapToLong(StreamStats::emitted).sum(),
                streams.stream().mapToLong(StreamStats::acknowledged).sum(),
                streams.stream().mapToInt(StreamStats::queued).sum(),
                streams.stream().mapToLong(StreamStats::readErrors).sum(),
                streams.stream().mapToLong(StreamStats::declaredFrames).sum(),
                streams.stream().allMatch(StreamStats::finished),
                streams.stream().mapToLong(StreamStats::dropped).sum(),
                streams.stream().mapToLong(StreamStats::decodeErrors).sum(),
                streams.stream().mapToLong(StreamStats::damagedFrames).sum(),
                streams.stream().mapToLong(StreamStats::unreadFrames).sum(),
                streams.stream().mapToLong(StreamStats::oversizeFrames).sum(),
                streams.stream().mapToLong(StreamStats::stalls).sum(),
                streams.stream().mapToLong(StreamStats::reconnects).sum(),
                streams);
    }

    /**
     * Pictures of the inputs lost to damage: skipped as damaged, or declared by a damaged file and never decoded.
     * A damaged input whose size is not declared (a cut MPEG-TS) may lose more than this counts; {@link
     * #decodeErrors()} says that there was damage at all.
     */
    public long framesLostToDamage() {
        return damagedFrames + unreadFrames;
    }

    /** The stream with this id. */
    public StreamStats stream(String streamId) {
        return streams.stream().filter(s -> s.streamId().equals(streamId)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no stream " + streamId));
    }
}
