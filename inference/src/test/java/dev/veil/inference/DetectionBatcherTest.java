package dev.veil.inference;

import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.veil.inference.detect.Face;
import dev.veil.inference.detect.Tiling;
import dev.veil.inference.network.OnnxRuntimeEngine;
import dev.veil.inference.yolo.TinyOnnxModel;
import dev.veil.inference.yolo.YoloFaceDetector;
import dev.veil.inference.yolo.YoloFormat;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Frames handed in together by several threads become batches of at most the configured size. */
class DetectionBatcherTest {

    @TempDir
    Path dir;

    @Test
    void eightFramesAtOnceMakeTwoFullBatchesEachFrameWithItsOwnFaces() throws Exception {
        TinyOnnxModel.Output out = new TinyOnnxModel.Output("output0", new int[]{1, 20, 1},
                k(), new float[]{20, 30, 10, 12, 0.9f, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0});
        Path model = TinyOnnxModel.write(dir.resolve("v8.onnx"), 0, 64, List.of(out));
        List<Mat> frames = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            try (Scalar s = new Scalar(i * 30, i * 30, i * 30, 0)) {
                frames.add(new Mat(64, 64, CV_8UC3, s));
            }
        }
        ExecutorService callers = Executors.newFixedThreadPool(8);
        try (YoloFaceDetector detector = new YoloFaceDetector(new OnnxRuntimeEngine(model, 64, 4, 1), "v8.onnx",
                YoloFormat.AUTO, 0.5, 0.45, Tiling.off());
             DetectionBatcher batcher = new DetectionBatcher(detector, 4, Duration.ofSeconds(30))) {
            List<Callable<List<Face>>> calls = new ArrayList<>();
            frames.forEach(f -> calls.add(() -> batcher.detect(f)));
            List<Future<List<Face>>> results = callers.invokeAll(calls, 120, TimeUnit.SECONDS);

            assertEquals(2, batcher.batches());
            assertEquals(2, detector.engineRuns());
            for (int i = 0; i < 8; i++) {
                double centre = 20 + 16 * (i * 30 / 255.0);
                assertEquals((centre - 5) / 64, results.get(i).get().get(0).xMin(), 1e-5, "frame " + i);
            }
        } finally {
            callers.shutdownNow();
            frames.forEach(Mat::close);
        }
    }

    @Test
    void aFrameHandedInAfterCloseIsRefused() {
        try (YoloFaceDetector detector = new YoloFaceDetector(new OnnxRuntimeEngine(TinyOnnxModel.write(
                dir.resolve("v8.onnx"), 1, 64, List.of(new TinyOnnxModel.Output("output0", new int[]{1, 5, 1},
                        new float[5], new float[]{20, 20, 10, 10, 0.9f}))), 64, 1, 1), "v8.onnx", YoloFormat.AUTO, 0.5,
                0.45, Tiling.off());
             Mat frame = new Mat(64, 64, CV_8UC3)) {
            DetectionBatcher batcher = new DetectionBatcher(detector, 4, Duration.ZERO);
            assertEquals(1, batcher.detect(frame).size());
            batcher.close();
            assertThrows(IllegalStateException.class, () -> batcher.detect(frame));
        }
    }

    private static float[] k() {
        float[] k = new float[20];
        k[0] = 16;
        return k;
    }
}
