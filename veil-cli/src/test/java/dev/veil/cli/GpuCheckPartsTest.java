package dev.veil.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.veil.frame.JpegCodec;
import dev.veil.inference.BuiltinModel;
import dev.veil.inference.Device;
import dev.veil.inference.FaceDetectors;
import dev.veil.inference.InferenceConfig;
import dev.veil.inference.detect.Face;
import dev.veil.inference.detect.FaceDetector;
import dev.veil.inference.detect.Tiling;
import dev.veil.inference.gpu.Precision;
import dev.veil.inference.network.CpuRuntime;
import dev.veil.inference.yolo.YoloFormat;
import dev.veil.run.SampleVideo;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.bytedeco.opencv.opencv_core.Mat;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The GPU check's measurements, run here on the CPU with the default detector at one scale. */
class GpuCheckPartsTest {

    private static FaceDetector yunet;
    private static Mat portrait;

    @BeforeAll
    static void open(@TempDir Path engines) throws Exception {
        yunet = FaceDetectors.open(new InferenceConfig(BuiltinModel.YUNET.modelName(), 0.3, 0.45, 640, YoloFormat.AUTO,
                Device.CPU, CpuRuntime.OPENCV, Precision.FP16, engines, Tiling.off(), 4, Optional.empty(),
                List.of(1.0), 0));
        portrait = SampleVideo.portrait();
    }

    @AfterAll
    static void close() {
        yunet.close();
        portrait.close();
    }

    private static Face face(double x, double score) {
        return new Face(x, 0.1, x + 0.1, 0.3, score, List.of());
    }

    @Test
    void facesAgreeWhenEachHasItsPairAtTheOverlapAsked() {
        List<Face> cpu = List.of(face(0.1, 0.9), face(0.5, 0.8), face(0.8, 0.32));
        List<Face> gpu = List.of(face(0.501, 0.79), face(0.1, 0.9));

        FaceAgreement a = FaceAgreement.of(cpu, gpu, 0.9, 0.3, 0.05);

        assertEquals(2, a.matched());
        assertTrue(a.lowestIou() >= 0.9 && a.lowestIou() < 1, "the shifted pair: " + a.lowestIou());
        assertEquals(List.of(), a.unmatched());
        assertEquals(List.of(face(0.8, 0.32)), a.borderline(), "a face at the threshold may fall either side");
        assertTrue(a.agrees());
    }

    @Test
    void aFaceClearOfTheThresholdWithoutItsPairIsADifference() {
        FaceAgreement moved = FaceAgreement.of(List.of(face(0.1, 0.9)), List.of(face(0.12, 0.9)), 0.9, 0.3, 0.05);
        assertEquals(0, moved.matched(), "IoU of boxes 0.02 apart on 0.1 is about 0.67");
        assertFalse(moved.agrees());
        assertEquals(2, moved.unmatched().size());
        FaceAgreement extra = FaceAgreement.of(List.of(), List.of(face(0.4, 0.6)), 0.9, 0.3, 0.05);
        assertFalse(extra.agrees(), "a face the CPU does not find");
    }

    @Test
    void theClipIsTheCameraMovingOverThePhotoAsJpegsOfTheSizeAsked() throws Exception {
        List<byte[]> clip = PanZoomFrames.jpegs(portrait, 320, 180, 5, 1.8);
        assertEquals(5, clip.size());
        try (Mat first = JpegCodec.decode(clip.get(0)); Mat middle = JpegCodec.decode(clip.get(2))) {
            assertEquals(320, first.cols());
            assertEquals(180, first.rows());
            assertEquals(first.cols(), middle.cols());
        }
        assertFalse(Arrays.equals(clip.get(0), clip.get(2)), "the camera zoomed in by the middle");
    }

    @Test
    void theVertexAnswersEveryFrameOfTheClipWithItsFaces() throws Exception {
        List<byte[]> clip = PanZoomFrames.jpegs(portrait, 640, 360, 8, 1.5);

        VertexThroughput v = VertexThroughput.measure(yunet, clip, 640, 360, 30, 4, Duration.ZERO);

        assertEquals(8, v.frames());
        assertEquals(0, v.failed());
        assertTrue(v.faces() >= 8, "the portrait's face in every frame: " + v.faces());
        assertEquals("opencv-dnn on cpu", v.placement());
        assertTrue(v.seconds() > 0 && v.fps() > 0);
    }

    @Test
    void aTimingIsTheMedianOfAtLeastTheCallsAsked() {
        DetectorTiming t = DetectorTiming.measure(yunet, portrait, 320, 180, 2, 3, Duration.ZERO);
        assertEquals(2, t.batch());
        assertEquals(320, t.width());
        assertTrue(t.calls() >= 3, "calls: " + t.calls());
        assertTrue(t.msPerFrame() > 0);
    }
}
