package dev.veil.inference.yolo;

import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.veil.inference.detect.Candidate;
import dev.veil.inference.detect.Face;
import dev.veil.inference.detect.Tiling;
import dev.veil.inference.network.CpuRuntime;
import dev.veil.inference.network.OnnxRuntimeEngine;
import dev.veil.inference.network.YoloEngine;
import dev.veil.inference.opencv.OpenCvYoloEngine;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * YOLO face detection end to end through real runtimes, on tiny ONNX files written by the test
 * ({@link TinyOnnxModel}) whose outputs are known exactly: shape recognition, decoding, letterbox mapping,
 * suppression, batching and the split of a batch's outputs back to its frames, with exact expected values.
 */
class TinyYoloModelTest {

    private static final int SIDE = 64;
    private static final float LOGIT_09 = (float) Math.log(9);

    @TempDir
    Path dir;

    /** A uniform grey frame of this level: its network input's mean is level / 255 (no padding when square). */
    private static Mat grey(int side, int level) {
        try (Scalar s = new Scalar(level, level, level, 0)) {
            return new Mat(side, side, CV_8UC3, s);
        }
    }

    /**
     * A YOLOv8-face output, 20 channels x 3 candidates. Candidate 0: a face centred at (20 + 16 * mean, 30),
     * 10 x 12, score 0.9, key points (18 + k, 28 + k). Candidate 1: score 0.3, below the threshold. Candidate 2:
     * candidate 0 moved right by one pixel, score 0.8: the same face, suppressed.
     */
    private static TinyOnnxModel.Output yolov8(int channels) {
        int n = 3;
        float[] b = new float[channels * n];
        float[] k = new float[channels * n];
        float[][] candidates = {{20, 30, 10, 12, 0.9f}, {40, 40, 8, 8, 0.3f}, {21, 30, 10, 12, 0.8f}};
        for (int j = 0; j < n; j++) {
            for (int c = 0; c < 5; c++) {
                b[c * n + j] = candidates[j][c];
            }
            if (channels == 20) {
                for (int p = 0; p < 5; p++) {
                    b[(5 + 3 * p) * n + j] = 18 + p;
                    b[(6 + 3 * p) * n + j] = 28 + p;
                    b[(7 + 3 * p) * n + j] = 1;
                }
            }
        }
        k[0] = 16; // channel 0 (centre x) of candidates 0 and 2 moves with the image's mean
        k[2] = 16;
        return new TinyOnnxModel.Output("output0", new int[]{1, channels, n}, k, b);
    }

    private YoloFaceDetector detector(Path model, CpuRuntime runtime, YoloFormat format, int capacity) {
        YoloEngine engine = switch (runtime) {
            case ONNXRUNTIME -> new OnnxRuntimeEngine(model, SIDE, capacity, 1);
            case OPENCV -> new OpenCvYoloEngine(model, SIDE, capacity);
        };
        return new YoloFaceDetector(engine, model.getFileName().toString(), format, 0.5, 0.45, Tiling.off());
    }

    @ParameterizedTest
    @EnumSource(CpuRuntime.class)
    void yolov8WithLandmarksIsRecognizedDecodedAndSuppressed(CpuRuntime runtime) {
        Path model = TinyOnnxModel.write(dir.resolve("v8.onnx"), 1, SIDE, List.of(yolov8(20)));
        try (YoloFaceDetector detector = detector(model, runtime, YoloFormat.AUTO, 4);
             Mat black = grey(SIDE, 0)) {
            assertEquals(YoloFormat.YOLOV8, detector.format());

            List<Face> faces = detector.detect(black);

            assertEquals(1, faces.size(), "faces: " + faces);
            Face f = faces.get(0);
            assertEquals(15.0 / 64, f.xMin(), 1e-6);
            assertEquals(24.0 / 64, f.yMin(), 1e-6);
            assertEquals(25.0 / 64, f.xMax(), 1e-6);
            assertEquals(36.0 / 64, f.yMax(), 1e-6);
            assertEquals(0.9, f.score(), 1e-6);
            assertEquals(5, f.landmarks().size());
            for (int p = 0; p < 5; p++) {
                assertEquals((18.0 + p) / 64, f.landmarks().get(p).x(), 1e-6);
                assertEquals((28.0 + p) / 64, f.landmarks().get(p).y(), 1e-6);
            }
        }
    }

    @Test
    void yolov8WithoutLandmarksGivesBoxesOnly() {
        Path model = TinyOnnxModel.write(dir.resolve("v8-5.onnx"), 1, SIDE, List.of(yolov8(5)));
        try (YoloFaceDetector detector = detector(model, CpuRuntime.ONNXRUNTIME, YoloFormat.AUTO, 1);
             Mat black = grey(SIDE, 0)) {
            assertEquals(YoloFormat.YOLOV8, detector.format());
            List<Face> faces = detector.detect(black);
            assertEquals(1, faces.size());
            assertEquals(List.of(), faces.get(0).landmarks());
            assertEquals(15.0 / 64, faces.get(0).xMin(), 1e-6);
        }
    }

    @Test
    void aLargerFrameMapsBackThroughTheLetterbox() {
        Path model = TinyOnnxModel.write(dir.resolve("v8.onnx"), 1, SIDE, List.of(yolov8(20)));
        try (YoloFaceDetector detector = detector(model, CpuRuntime.ONNXRUNTIME, YoloFormat.AUTO, 1);
             Mat big = grey(256, 0)) {
            Face f = detector.detect(big).get(0);
            // 256 -> 64 is a scale of 1/4 without padding: the same normalized box.
            assertEquals(15.0 / 64, f.xMin(), 1e-6);
            assertEquals(36.0 / 64, f.yMax(), 1e-6);
        }
    }

    @Test
    void aBatchOfFramesRunsOnceAndEachFrameGetsItsOwnFaces() {
        // Dynamic batch: the three frames go through one session run.
        Path model = TinyOnnxModel.write(dir.resolve("v8-dynamic.onnx"), 0, SIDE, List.of(yolov8(20)));
        int[] levels = {0, 51, 255};
        List<Mat> frames = new ArrayList<>();
        for (int level : levels) {
            frames.add(grey(SIDE, level));
        }
        try (YoloFaceDetector detector = detector(model, CpuRuntime.ONNXRUNTIME, YoloFormat.AUTO, 4)) {
            List<List<Face>> faces = detector.detectBatch(frames);

            assertEquals(1, detector.engineRuns());
            assertEquals(3, faces.size());
            for (int i = 0; i < levels.length; i++) {
                double centre = 20 + 16 * (levels[i] / 255.0);
                assertEquals(1, faces.get(i).size(), "frame " + i + ": " + faces.get(i));
                assertEquals((centre - 5) / 64, faces.get(i).get(0).xMin(), 1e-5, "frame " + i);
                assertEquals((centre + 5) / 64, faces.get(i).get(0).xMax(), 1e-5, "frame " + i);
            }
        } finally {
            frames.forEach(Mat::close);
        }
    }

    @Test
    void aFixedBatchModelTakesABatchInOneEngineCallOfSeveralRuns() {
        Path model = TinyOnnxModel.write(dir.resolve("v8-fixed.onnx"), 1, SIDE, List.of(yolov8(20)));
        try (YoloFaceDetector detector = detector(model, CpuRuntime.ONNXRUNTIME, YoloFormat.AUTO, 4);
             Mat a = grey(SIDE, 255);
             Mat b = grey(SIDE, 0)) {
            List<List<Face>> faces = detector.detectBatch(List.of(a, b));

            assertEquals(1, detector.engineRuns());
            assertEquals((36.0 - 5) / 64, faces.get(0).get(0).xMin(), 1e-5);
            assertEquals((20.0 - 5) / 64, faces.get(1).get(0).xMin(), 1e-5);
        }
    }

    @Test
    void moreFramesThanTheCapacityTakeSeveralEngineCalls() {
        Path model = TinyOnnxModel.write(dir.resolve("v8-dynamic.onnx"), 0, SIDE, List.of(yolov8(20)));
        List<Mat> frames = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            frames.add(grey(SIDE, i * 50));
        }
        try (YoloFaceDetector detector = detector(model, CpuRuntime.ONNXRUNTIME, YoloFormat.AUTO, 2)) {
            List<List<Face>> faces = detector.detectBatch(frames);
            assertEquals(3, detector.engineRuns()); // 2 + 2 + 1
            for (int i = 0; i < 5; i++) {
                assertEquals((20 + 16 * (i * 50 / 255.0) - 5) / 64, faces.get(i).get(0).xMin(), 1e-5, "frame " + i);
            }
        } finally {
            frames.forEach(Mat::close);
        }
    }

    @Test
    void yolov5RowsAreRecognizedAndDecoded() {
        float[] rows = new float[2 * 16];
        float[] face = {32, 20, 16, 8, 0.8f, 26, 18, 38, 18, 32, 20, 28, 22, 36, 22, 0.9f};
        System.arraycopy(face, 0, rows, 0, 16);
        rows[16 + 2] = 4; // second row: objectness 0 -> no face
        rows[16 + 3] = 4;
        Path model = TinyOnnxModel.write(dir.resolve("v5-rows.onnx"), 1, SIDE,
                List.of(TinyOnnxModel.Output.constant("output", new int[]{1, 2, 16}, rows)));
        try (YoloFaceDetector detector = detector(model, CpuRuntime.ONNXRUNTIME, YoloFormat.AUTO, 1);
             Mat frame = grey(SIDE, 100)) {
            assertEquals(YoloFormat.YOLOV5_ROWS, detector.format());
            List<Face> faces = detector.detect(frame);
            assertEquals(1, faces.size());
            assertEquals(24.0 / 64, faces.get(0).xMin(), 1e-6);
            assertEquals(16.0 / 64, faces.get(0).yMin(), 1e-6);
            assertEquals(40.0 / 64, faces.get(0).xMax(), 1e-6);
            assertEquals(24.0 / 64, faces.get(0).yMax(), 1e-6);
            assertEquals(0.72, faces.get(0).score(), 1e-6);
            assertEquals(38.0 / 64, faces.get(0).landmarks().get(1).x(), 1e-6);
        }
    }

    @Test
    void yolov5RawHeadsAreRecognizedAndDecodedAgainstGridAndAnchors() {
        // Three heads at 64: 8x8 (stride 8), 4x4 (16), 2x2 (32). One cell fires: stride 8, anchor 0 (4x5),
        // column 2, row 3, box logits 0 -> centre ((0.5*2 - 0.5 + 2) * 8, (0.5*2 - 0.5 + 3) * 8) = (20, 28),
        // size (2*0.5)^2 * (4, 5) = 4 x 5; objectness and class 0.9 -> score 0.81.
        List<TinyOnnxModel.Output> heads = new ArrayList<>();
        for (int grid : new int[]{8, 4, 2}) {
            float[] b = new float[3 * grid * grid * 16];
            for (int i = 4; i < b.length; i += 16) {
                b[i] = -20;
            }
            if (grid == 8) {
                int r = ((0 * 8 + 3) * 8 + 2) * 16;
                b[r + 4] = LOGIT_09;
                b[r + 15] = LOGIT_09;
            }
            heads.add(TinyOnnxModel.Output.constant("stride_" + SIDE / grid, new int[]{1, 3, grid, grid, 16}, b));
        }
        Path model = TinyOnnxModel.write(dir.resolve("v5-heads.onnx"), 1, SIDE, heads);
        try (YoloFaceDetector detector = detector(model, CpuRuntime.ONNXRUNTIME, YoloFormat.AUTO, 1);
             Mat frame = grey(SIDE, 30)) {
            assertEquals(YoloFormat.YOLOV5_HEADS, detector.format());
            List<Face> faces = detector.detect(frame);
            assertEquals(1, faces.size(), "faces: " + faces);
            assertEquals(18.0 / 64, faces.get(0).xMin(), 1e-6);
            assertEquals(25.5 / 64, faces.get(0).yMin(), 1e-6);
            assertEquals(22.0 / 64, faces.get(0).xMax(), 1e-6);
            assertEquals(30.5 / 64, faces.get(0).yMax(), 1e-6);
            assertEquals(0.81, faces.get(0).score(), 1e-5);
            // landmarks: raw 0 -> grid * stride = (16, 24)
            assertEquals(16.0 / 64, faces.get(0).landmarks().get(0).x(), 1e-6);
            assertEquals(24.0 / 64, faces.get(0).landmarks().get(0).y(), 1e-6);
        }
    }

    @Test
    void aStatedFormatThatTheOutputsContradictIsRefusedAtStartUp() {
        Path model = TinyOnnxModel.write(dir.resolve("v8.onnx"), 1, SIDE, List.of(yolov8(20)));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> detector(model, CpuRuntime.ONNXRUNTIME, YoloFormat.YOLOV5_ROWS, 1));
        assertTrue(e.getMessage().contains("[1, 20, 3]") && e.getMessage().contains("yolov5-rows"), e.getMessage());
    }

    @Test
    void outputsOfNoKnownLayoutAreRefusedNamingTheirShapes() {
        Path model = TinyOnnxModel.write(dir.resolve("odd.onnx"), 1, SIDE,
                List.of(TinyOnnxModel.Output.constant("odd", new int[]{1, 7, 9}, new float[63])));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> detector(model, CpuRuntime.ONNXRUNTIME, YoloFormat.AUTO, 1));
        assertTrue(e.getMessage().contains(Arrays.toString(new int[]{1, 7, 9})), e.getMessage());
    }

    @Test
    void aModelOfAnotherInputSizeIsRefusedNamingTheVariable() {
        Path model = TinyOnnxModel.write(dir.resolve("v8.onnx"), 1, 32, List.of(yolov8(20)));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new OnnxRuntimeEngine(model, SIDE, 1, 1));
        assertTrue(e.getMessage().contains("VEIL_MODEL_INPUT_SIZE"), e.getMessage());
    }
}
