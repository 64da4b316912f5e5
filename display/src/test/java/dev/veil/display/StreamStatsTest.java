package dev.veil.display;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.google.protobuf.ByteString;
import dev.veil.frame.StageClock;
import dev.veil.frame.v1.Detection;
import dev.veil.frame.v1.DetectionStatus;
import dev.veil.frame.v1.DetectorPlacement;
import dev.veil.frame.v1.Frame;
import dev.veil.frame.v1.StageTiming;
import java.util.List;
import org.junit.jupiter.api.Test;

class StreamStatsTest {

    private static final long T0 = 1_700_000_000_000_000L;

    private static Frame frame(long sequence, long captureMicros, DetectionStatus status, int faces,
            StageTiming... stages) {
        Frame.Builder f = Frame.newBuilder().setStreamId("cam").setSequence(sequence).setCaptureTimeMicros(captureMicros)
                .setWidth(8).setHeight(8).setJpeg(ByteString.copyFromUtf8("not decoded here"))
                .setDetectionStatus(status).addAllStages(List.of(stages));
        for (int i = 0; i < faces; i++) {
            f.addDetections(Detection.newBuilder().setXMax(0.5f).setYMax(0.5f).setScore(0.8f));
        }
        return f.build();
    }

    private static StageTiming stage(String name, long start, long end) {
        return StageTiming.newBuilder().setStage(name).setStartMicros(start).setEndMicros(end).build();
    }

    @Test
    void beforeAnyFrame() {
        StreamSnapshot s = new StreamStats().snapshot("cam", 0, T0);
        assertEquals(0, s.framesReceived());
        assertEquals(-1, s.lastSequence());
        assertNull(s.latency());
        assertEquals(0.0, s.fps());
        assertEquals(0, s.stageLatency().size());
        assertEquals(-1, s.idleMillis());
        assertEquals("unknown", s.anonymization());
    }

    @Test
    void countsRatesAndLatencies() {
        StreamStats stats = new StreamStats();
        // Four frames 100 ms apart, each shown 20, 40, 60, 80 ms after capture; sequence 2 never came.
        long[] sequences = {0, 1, 3, 4};
        for (int i = 0; i < 4; i++) {
            long ingest = T0 + i * 100_000L;
            long capture = ingest - (i + 1) * 20_000L;
            DetectionStatus status = i == 2 ? DetectionStatus.DETECTION_STATUS_FAILED : DetectionStatus.DETECTION_STATUS_OK;
            Frame f = frame(sequences[i], capture, status, i,
                    stage(StageClock.SOURCE, capture, capture + 1_000),
                    stage(StageClock.INFERENCE, capture + 2_000, capture + 2_000 + (i + 1) * 5_000L));
            if (i == 1) {
                // its faces came from frame 0's detection
                f = f.toBuilder().setDetectionStatus(DetectionStatus.DETECTION_STATUS_CARRIED).setCarriedFrames(1).build();
            }
            receive(stats, f, "blur", i == 2, ingest);
            stats.recordShown(f, i == 2 ? 1 : 0, ingest);
        }
        Frame late = frame(1, T0, DetectionStatus.DETECTION_STATUS_OK, 6);
        receive(stats, late, "blur", false, T0 + 310_000);
        stats.recordLate();
        stats.recordRestart();

        StreamSnapshot s = stats.snapshot("cam", 2, T0 + 400_000);
        assertEquals("cam", s.stream());
        assertEquals("blur", s.anonymization());
        assertEquals(false, s.facesVisible());
        assertEquals(5, s.framesReceived());
        assertEquals(4, s.framesShown());
        assertEquals(1, s.framesNotOk());
        assertEquals(1, s.framesObscured(), "the failed frame: shown obscured by the display");
        assertEquals(1, s.framesCarried());
        assertEquals(1, s.framesLate());
        assertEquals(1, s.framesMissing());
        assertEquals(1, s.restarts());
        assertEquals(4, s.lastSequence());
        assertEquals(10.0, s.fps(), 1e-9); // 3 intervals of 100 ms
        assertEquals((0 + 1 + 2 + 3 + 6) / 5.0, s.facesPerFrame(), 1e-9);
        assertEquals(6, s.facesLastFrame());
        assertEquals(12, s.facesTotal());
        assertEquals(90, s.idleMillis(), "the last frame came 90 ms before the snapshot");
        // Capture to display: 20, 40, 60 and 80 ms; the late frame is never shown, so it has no latency.
        assertEquals(new LatencySummary(4, 40.0, 80.0, 4, 200.0), s.latency());
        assertEquals(List.of(StageClock.SOURCE, StageClock.INFERENCE), List.copyOf(s.stageLatency().keySet()));
        assertEquals(new LatencySummary(4, 1.0, 1.0, 4, 4.0), s.stageLatency().get(StageClock.SOURCE));
        assertEquals(new LatencySummary(4, 10.0, 20.0, 4, 50.0), s.stageLatency().get(StageClock.INFERENCE));
        assertEquals(2, s.viewers());
    }

    @Test
    void theBoxesModeIsReportedAsShowingFaces() {
        StreamStats stats = new StreamStats();
        receive(stats, frame(0, T0, DetectionStatus.DETECTION_STATUS_OK, 1), "boxes", false, T0);
        assertEquals(true, stats.snapshot("cam", 0, T0).facesVisible());
        receive(stats, frame(1, T0, DetectionStatus.DETECTION_STATUS_OK, 1), "blur", false, T0);
        assertEquals(false, stats.snapshot("cam", 0, T0).facesVisible(), "what counts is the latest frame");
    }

    @Test
    void stageNamesFromTheWireAreBounded() {
        StreamStats stats = new StreamStats();
        StageTiming[] many = new StageTiming[StreamStats.MAX_STAGES + 5];
        for (int i = 0; i < many.length; i++) {
            many[i] = stage("stage-" + i, T0, T0 + 1_000);
        }
        receive(stats, frame(0, T0, DetectionStatus.DETECTION_STATUS_OK, 0, many), "blur", false, T0 + 1);
        assertEquals(StreamStats.MAX_STAGES, stats.snapshot("cam", 0, T0).stageLatency().size());
    }

    @Test
    void stageNamesAreEscapedAndCut() {
        StreamStats stats = new StreamStats();
        String spoof = "sink\u202e\nforged";
        String longName = "x".repeat(StreamStats.MAX_STAGE_NAME_CHARS + 50);
        receive(stats, frame(0, T0, DetectionStatus.DETECTION_STATUS_OK, 0, stage(spoof, T0, T0 + 1_000),
                stage(longName, T0, T0 + 1_000)), "blur", false, T0 + 1);
        assertEquals(List.of("sink\\u202e\\nforged", "x".repeat(StreamStats.MAX_STAGE_NAME_CHARS)),
                List.copyOf(stats.snapshot("cam", 0, T0).stageLatency().keySet()));
    }

    @Test
    void theLatestFramesDetectionPlacementIsKeptEscapedAndCut() {
        StreamStats stats = new StreamStats();
        assertEquals("unknown", stats.snapshot("cam", 0, T0).detectionDevice());

        Frame onGpu = frame(0, T0, DetectionStatus.DETECTION_STATUS_OK, 1).toBuilder()
                .setDetectedOn(DetectorPlacement.newBuilder().setDevice("cuda:0 Tesla T4").setRuntime("opencv-cuda fp16"))
                .build();
        receive(stats, onGpu, "blur", false, T0);
        StreamSnapshot s = stats.snapshot("cam", 0, T0);
        assertEquals("cuda:0 Tesla T4", s.detectionDevice());
        assertEquals("opencv-cuda fp16", s.detectionRuntime());

        Frame hostile = frame(1, T0, DetectionStatus.DETECTION_STATUS_OK, 0).toBuilder()
                .setDetectedOn(DetectorPlacement.newBuilder().setDevice("cpu\nforged line").setRuntime("x".repeat(500)))
                .build();
        receive(stats, hostile, "blur", false, T0 + 1);
        s = stats.snapshot("cam", 0, T0 + 1);
        assertEquals("cpu\\nforged line", s.detectionDevice());
        assertEquals(StreamStats.MAX_STAGE_NAME_CHARS, s.detectionRuntime().length());

        // A vertex that does not say (an older one): unknown, not the last frame's answer.
        receive(stats, frame(2, T0, DetectionStatus.DETECTION_STATUS_OK, 0), "blur", false, T0 + 2);
        assertEquals("unknown", stats.snapshot("cam", 0, T0 + 2).detectionRuntime());
    }

    /** A frame from the network: its faces are its list. */
    private static void receive(StreamStats stats, Frame frame, String anonymization, boolean obscured, long micros) {
        stats.recordReceived(frame, frame.getDetectionsCount(), anonymization, obscured, micros);
    }
}
