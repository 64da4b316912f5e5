package dev.veil.run;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.bytedeco.opencv.global.opencv_core;
import org.junit.jupiter.api.Test;

class CoreSharingTest {

    @Test
    void onTwoCoresOrFewerOpenCvWorksOnTheCallingThreadAlone() {
        int before = opencv_core.getNumThreads();
        try {
            LocalRun.shareCoresWithStages(8);
            assertEquals(before, opencv_core.getNumThreads(), "eight cores: OpenCV keeps its workers");

            LocalRun.shareCoresWithStages(2);
            assertEquals(1, opencv_core.getNumThreads());

            opencv_core.setNumThreads(before);
            LocalRun.shareCoresWithStages(1);
            assertEquals(1, opencv_core.getNumThreads());
        } finally {
            opencv_core.setNumThreads(before);
        }
    }
}
