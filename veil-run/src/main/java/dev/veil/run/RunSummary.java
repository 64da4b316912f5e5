package dev.veil.run;

import dev.veil.display.StreamSnapshot;
import java.util.Optional;

/**
 * What a {@code veil run} did, measured at its end.
 *
 * @param frames       frames through the sink
 * @param seconds      from the source's start to the last frame
 * @param faces        faces anonymized
 * @param failedClosed frames obscured whole because their faces were unknown
 * @param shown        the display's view of the stream at the end (latency over its last frames), or null
 * @param framesPerSecondAfterStartUp frames per second from the first frame out of the sink to the last
 * @param framesLostToDamage frames of the input lost to damage (skipped as damaged, or never decoded)
 * @param written      frames written to --output (0 without one)
 * @param exitStatus   what the command exits with
 * @param cpu          CPU a frame by part of the pipeline, as the summary's CPU line says it (empty off Linux)
 */
public record RunSummary(long frames, double seconds, long faces, long failedClosed, StreamSnapshot shown,
                         double framesPerSecondAfterStartUp, long framesLostToDamage, long written,
                         ExitStatus exitStatus, Optional<FrameCpu> cpu) {
}
