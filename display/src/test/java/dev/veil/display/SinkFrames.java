package dev.veil.display;

import dev.veil.frame.StageClock;
import dev.veil.frame.TestJpegs;
import dev.veil.frame.v1.DetectionStatus;
import dev.veil.frame.v1.Frame;

/** Frames as a sink sends them to the display: faces known, and the sink's stage last. */
final class SinkFrames {

    private SinkFrames() {
    }

    /** A frame the sink marked anonymized, captured now. */
    static Frame.Builder anonymized(String stream, long sequence, int width, int height) {
        return mark(TestJpegs.frame(stream, sequence, width, height)
                .setDetectionStatus(DetectionStatus.DETECTION_STATUS_OK));
    }

    /** Adds the sink's stage timing, last, as the sink does to every frame it has made safe. */
    static Frame.Builder mark(Frame.Builder frame) {
        long now = StageClock.nowMicros();
        return frame.addStages(dev.veil.frame.v1.StageTiming.newBuilder().setStage(StageClock.SINK)
                .setStartMicros(now - 2_000).setEndMicros(now));
    }
}
