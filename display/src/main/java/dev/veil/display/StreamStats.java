package dev.veil.display;

import dev.veil.display.protocol.IngestProtocol;
import dev.veil.frame.v1.DetectionStatus;
import dev.veil.frame.v1.Frame;
import dev.veil.frame.v1.StageTiming;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Counters and recent-frame windows of one stream. Times are passed in (microseconds since the Unix epoch, the
 * wire format's unit) so the arithmetic can be checked exactly. Thread-safe.
 */
final class StreamStats {

    /** Recent frames the percentiles and the faces mean are taken over (about 10 s of 30 fps video). */
    static final int RECENT_FRAMES = 300;
    static final long RATE_SPAN_MICROS = 5_000_000L;
    private static final int RATE_CAPACITY = 1024;
    /** Stage names come from the wire; a bounded number keeps a confused sender from growing this without end. */
    static final int MAX_STAGES = 16;
    static final String UNKNOWN_MODE = "unknown";

    private final LatencyWindow endToEnd = new LatencyWindow(RECENT_FRAMES);
    private final Map<String, LatencyWindow> stages = new LinkedHashMap<>();
    private final RateWindow shownRate = new RateWindow(RATE_SPAN_MICROS, RATE_CAPACITY);
    private final RollingMean faces = new RollingMean(RECENT_FRAMES);
    private String anonymization = UNKNOWN_MODE;
    private String detectionDevice = UNKNOWN_MODE;
    private String detectionRuntime = UNKNOWN_MODE;
    private long received;
    private long shown;
    private long notOk;
    private long obscured;
    private long carried;
    private long late;
    private long missing;
    private long restarts;
    private long lastSequence = -1;
    private int facesLastFrame;
    private long facesTotal;
    private long lastReceivedMicros = Long.MIN_VALUE;

    /** Stage names are shown on the page and in metrics: longer ones are cut. */
    static final int MAX_STAGE_NAME_CHARS = 64;

    /**
     * A valid frame arrived, whether it will be shown or not, with {@code faces} faces (a frame from this process
     * has no list of them); {@code anonymization} is what its sender said, {@code obscured} whether the display shows
     * its own obscured picture instead of the frame's.
     */
    synchronized void recordReceived(Frame frame, int faces, String anonymization, boolean obscured,
                                     long ingestMicros) {
        received++;
        if (obscured) {
            this.obscured++;
        }
        this.anonymization = anonymization;
        // Free text from the network, shown on the page and as metric labels: escaped and cut like stage names.
        detectionDevice = frame.hasDetectedOn() ? shown(frame.getDetectedOn().getDevice()) : UNKNOWN_MODE;
        detectionRuntime = frame.hasDetectedOn() ? shown(frame.getDetectedOn().getRuntime()) : UNKNOWN_MODE;
        lastReceivedMicros = ingestMicros;
        if (frame.getDetectionStatus() != DetectionStatus.DETECTION_STATUS_OK
                && frame.getDetectionStatus() != DetectionStatus.DETECTION_STATUS_CARRIED) {
            notOk++;
        }
        if (frame.getCarriedFrames() > 0) {
            carried++;
        }
        this.faces.add(faces);
        facesLastFrame = faces;
        facesTotal += faces;
        for (StageTiming stage : frame.getStagesList()) {
            // A name from the network, shown on the page: escaped, so it cannot spoof the table with controls.
            String name = NetworkText.escape(stage.getStage().length() > MAX_STAGE_NAME_CHARS
                    ? stage.getStage().substring(0, MAX_STAGE_NAME_CHARS) : stage.getStage());
            LatencyWindow window = stages.get(name);
            if (window == null && stages.size() < MAX_STAGES) {
                window = new LatencyWindow(RECENT_FRAMES);
                stages.put(name, window);
            }
            if (window != null) {
                window.add(stage.getEndMicros() - stage.getStartMicros());
            }
        }
    }

    private static String shown(String text) {
        return text.isBlank() ? UNKNOWN_MODE
                : NetworkText.escape(text.length() > MAX_STAGE_NAME_CHARS ? text.substring(0, MAX_STAGE_NAME_CHARS) : text);
    }

    /** A frame became the picture at {@code shownMicros}, {@code missingBefore} sequence numbers after the last. */
    synchronized void recordShown(Frame frame, long missingBefore, long shownMicros) {
        shown++;
        missing += missingBefore;
        lastSequence = frame.getSequence();
        shownRate.record(shownMicros);
        endToEnd.add(shownMicros - frame.getCaptureTimeMicros());
    }

    synchronized void recordLate() {
        late++;
    }

    synchronized void recordRestart() {
        restarts++;
    }

    synchronized StreamSnapshot snapshot(String stream, int viewers, long nowMicros) {
        Map<String, LatencySummary> stageSummaries = new LinkedHashMap<>();
        stages.forEach((name, window) -> stageSummaries.put(name, window.summary()));
        long idleMillis = lastReceivedMicros == Long.MIN_VALUE ? -1 : Math.max(0, (nowMicros - lastReceivedMicros) / 1000);
        return new StreamSnapshot(stream, anonymization, IngestProtocol.FACES_VISIBLE_MODE.equals(anonymization), received, shown,
                notOk, obscured, carried, late, missing, restarts, lastSequence, shownRate.perSecond(nowMicros), faces.mean(),
                facesLastFrame, facesTotal, endToEnd.summary(), Collections.unmodifiableMap(stageSummaries), viewers,
                idleMillis, detectionDevice, detectionRuntime);
    }
}
