package dev.veil.display;

import java.util.Map;

/**
 * What the display knows about one stream at one moment; served as JSON by {@code /api/streams}.
 *
 * @param anonymization      how the sink treated faces in the latest frame: blur, pixelate, fill, boxes, or
 *                           unknown when the sender did not say
 * @param facesVisible       true when that mode leaves faces visible (boxes, a debugging mode)
 * @param framesReceived     valid frames ingested, shown or not
 * @param framesShown        frames that became the picture
 * @param framesNotOk        frames whose detection did not succeed upstream (the sink failed closed on them)
 * @param framesObscured     frames the display did not show as sent but obscured itself: not marked anonymized by
 *                           a sink (detection not OK, or no sink stage last)
 * @param framesCarried      frames whose faces were carried from a detection a few frames earlier instead of being
 *                           detected in them (the inference vertex detects every Nth frame, VEIL_DETECT_EVERY)
 * @param framesLate         frames not shown because they came after their place in the sequence had passed
 * @param framesMissing      sequence numbers skipped between shown frames: dropped or filtered upstream, or late
 * @param restarts           times the stream started counting again from a lower sequence (its source restarted)
 * @param lastSequence       sequence of the frame on display, or -1 before the first
 * @param fps                frames shown per second over the last few seconds
 * @param facesPerFrame      mean number of faces per frame over the recent frames
 * @param facesLastFrame     faces in the most recent frame received
 * @param facesTotal         faces in every frame received
 * @param latency            capture (the source's decode) to display, over recent frames; {@code null} before the
 *                           first frame is shown
 * @param stageLatency       per stage name, its own duration (end minus start) over recent frames
 * @param viewers            MJPEG clients watching now
 * @param idleMillis         time since the last frame arrived
 * @param detectionDevice    where the latest frame's faces were detected ({@code cpu}, {@code cuda:0 <GPU>}), as its
 *                           inference vertex said; unknown when it did not say
 * @param detectionRuntime   what ran the detector there ({@code onnxruntime}, {@code opencv-cuda fp16}, ...)
 */
public record StreamSnapshot(
        String stream,
        String anonymization,
        boolean facesVisible,
        long framesReceived,
        long framesShown,
        long framesNotOk,
        long framesObscured,
        long framesCarried,
        long framesLate,
        long framesMissing,
        long restarts,
        long lastSequence,
        double fps,
        double facesPerFrame,
        int facesLastFrame,
        long facesTotal,
        LatencySummary latency,
        Map<String, LatencySummary> stageLatency,
        int viewers,
        long idleMillis,
        String detectionDevice,
        String detectionRuntime) {
}
