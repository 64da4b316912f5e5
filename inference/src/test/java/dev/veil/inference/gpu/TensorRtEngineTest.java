package dev.veil.inference.gpu;

import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.veil.frame.SharedTestData;
import dev.veil.inference.FaceDetectorsAccess;
import dev.veil.inference.detect.Face;
import dev.veil.inference.detect.FaceDetector;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * TensorRT on a real GPU: engine build, cache reuse, batches, and detections equal to the CPU backend's. Skipped
 * without a CUDA device ({@link RequiresCuda}).
 */
@RequiresCuda
class TensorRtEngineTest {

    @TempDir
    Path dir;

    @Test
    void buildsAnEngineCachesItAndLoadsItBackWithoutRebuilding() throws Exception {
        Path model = SharedTestData.fileOrSkip("models/yolov5n-0.5-face.onnx");
        EngineCache cache = new EngineCache(dir);
        // Stamped far in the past after the build: a rebuild would write a new file over it, with a new time.
        FileTime stamp = FileTime.fromMillis(0);
        try (TensorRtEngine engine = TensorRtEngine.open(model, 640, 4, Precision.FP16, cache)) {
            assertTrue(engine.describe().startsWith("tensorrt "), engine.describe());
            assertTrue(engine.placement().device().startsWith("cuda:0 "), engine.placement().toString());
            try (var files = Files.list(dir)) {
                List<Path> entries = files.toList();
                assertEquals(1, entries.size(), "one cache entry: " + entries);
                Files.setLastModifiedTime(entries.get(0), stamp);
            }
        }
        try (TensorRtEngine again = TensorRtEngine.open(model, 640, 4, Precision.FP16, cache)) {
            try (var files = Files.list(dir)) {
                Path entry = files.findFirst().orElseThrow();
                assertEquals(stamp, Files.getLastModifiedTime(entry), "the second start loaded, not rebuilt");
            }
            assertEquals(4, again.capacity());
        }
    }

    @Test
    void detectionsEqualTheCpuBackendsWithinIou09() {
        Path model = SharedTestData.fileOrSkip("models/yolov5n-0.5-face.onnx");
        try (FaceDetector gpu = FaceDetectorsAccess.yolo(model, true, dir);
             FaceDetector cpu = FaceDetectorsAccess.yolo(model, false, dir)) {
            assertTrue(gpu.onGpu(), gpu.describe());
            for (String photo : List.of("zidane.jpg", "bus.jpg", "test.jpg")) {
                try (Mat image = org.bytedeco.opencv.global.opencv_imgcodecs.imread(
                        SharedTestData.fileOrSkip("media/" + photo).toString())) {
                    List<Face> onGpu = gpu.detect(image);
                    List<Face> onCpu = cpu.detect(image);
                    int matched = 0;
                    for (Face c : onCpu) {
                        if (onGpu.stream().anyMatch(g -> g.iou(c) >= 0.9)) {
                            matched++;
                        }
                    }
                    if (photo.equals("test.jpg")) {
                        // FP16 moves faces at the threshold in and out in a crowd of hundreds.
                        assertTrue(matched >= 0.95 * onCpu.size(), photo + ": " + matched + " of " + onCpu.size());
                    } else {
                        assertEquals(onCpu.size(), onGpu.size(), photo);
                        assertEquals(onCpu.size(), matched, photo + ": cpu " + onCpu + " gpu " + onGpu);
                    }
                }
            }
        }
    }

    @Test
    void aBatchGivesWhatOneFrameAtATimeGives() {
        Path model = SharedTestData.fileOrSkip("models/yolov5n-0.5-face.onnx");
        try (FaceDetector gpu = FaceDetectorsAccess.yolo(model, true, dir);
             Mat zidane = org.bytedeco.opencv.global.opencv_imgcodecs.imread(
                     SharedTestData.fileOrSkip("media/zidane.jpg").toString());
             Mat bus = org.bytedeco.opencv.global.opencv_imgcodecs.imread(
                     SharedTestData.fileOrSkip("media/bus.jpg").toString());
             Scalar grey = new Scalar(90, 90, 90, 0);
             Mat empty = new Mat(720, 1280, CV_8UC3, grey)) {
            List<List<Face>> batch = gpu.detectBatch(List.of(zidane, empty, bus, zidane));
            List<List<Face>> single = new ArrayList<>();
            for (Mat m : List.of(zidane, empty, bus, zidane)) {
                single.add(gpu.detect(m));
            }
            for (int i = 0; i < 4; i++) {
                assertEquals(single.get(i).size(), batch.get(i).size(), "frame " + i);
                for (int f = 0; f < single.get(i).size(); f++) {
                    assertTrue(single.get(i).get(f).iou(batch.get(i).get(f)) > 0.99, "frame " + i);
                }
            }
            assertEquals(List.of(), batch.get(1));
        }
    }

    @Test
    void yunetOnTensorRtFindsTheFacesTheCpuFinds() {
        try (FaceDetector gpu = FaceDetectorsAccess.yunet(true, dir);
             FaceDetector cpu = FaceDetectorsAccess.yunet(false, dir)) {
            assertTrue(gpu.placement().runtime().startsWith("tensorrt "), "TensorRT, not a fallback: " + gpu.placement());
            for (String photo : List.of("zidane.jpg", "bus.jpg", "group-table.jpg")) {
                try (Mat image = org.bytedeco.opencv.global.opencv_imgcodecs.imread(
                        SharedTestData.fileOrSkip("media/" + photo).toString())) {
                    List<Face> onGpu = gpu.detect(image);
                    List<Face> onCpu = cpu.detect(image);
                    for (Face c : onCpu) {
                        // Faces at the threshold may fall either side of it in FP16; the others must be there.
                        if (c.score() >= 0.35) {
                            assertTrue(onGpu.stream().anyMatch(g -> g.iou(c) >= 0.9), photo + ": " + c + " not in " + onGpu);
                        }
                    }
                }
            }
            try (var files = Files.list(dir)) {
                assertEquals(1, files.filter(f -> f.getFileName().toString().endsWith(".engine")).count(),
                        "one engine for every picture size");
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
