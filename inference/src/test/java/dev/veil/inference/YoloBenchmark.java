package dev.veil.inference;

import static org.bytedeco.opencv.global.opencv_core.getNumThreads;
import static org.bytedeco.opencv.global.opencv_core.setNumThreads;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.veil.inference.detect.Tiling;
import dev.veil.inference.gpu.EngineCache;
import dev.veil.inference.gpu.GpuProbe;
import dev.veil.inference.gpu.Precision;
import dev.veil.inference.gpu.TensorRtEngine;
import dev.veil.inference.network.OnnxRuntimeEngine;
import dev.veil.inference.network.YoloEngine;
import dev.veil.inference.opencv.OpenCvYoloEngine;
import dev.veil.inference.yolo.YoloFaceDetector;
import dev.veil.inference.yolo.YoloFormat;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import org.bytedeco.opencv.opencv_core.Mat;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The YOLO runtimes side by side on the shared YOLOv5-face model (docs/detectors.md): latency of one 1280x720
 * frame and of a batch of four, pre- and post-processing included (JPEG decoding not), on ONNX Runtime and
 * OpenCV DNN with one and two threads, and on TensorRT when a GPU is present. A report, not a test: it runs only
 * with {@code -Dveil.report=true} and needs ../shared.
 *
 * <pre>mvn -B -ntp -o -pl inference test -Dtest=YoloBenchmark -Dveil.report=true -Dsurefire.failIfNoSpecifiedTests=false</pre>
 */
class YoloBenchmark {

    private static final int WARM_UP = 3;
    private static final int TIMED = 15;
    private static final int BATCH = 4;

    @Test
    void compareRuntimes() throws IOException {
        Assumptions.assumeTrue(Boolean.getBoolean("veil.report"), "report only: run with -Dveil.report=true");
        Path model = TestImages.sharedOrSkip("models/yolov5n-0.5-face.onnx");
        String name = model.getFileName().toString();
        Map<String, Supplier<YoloEngine>> engines = new LinkedHashMap<>();
        for (int threads : new int[]{1, 2}) {
            engines.put("ONNX Runtime, " + threads + " thread" + (threads > 1 ? "s" : ""),
                    () -> new OnnxRuntimeEngine(model, 640, BATCH, threads));
            engines.put("OpenCV DNN, " + threads + " thread" + (threads > 1 ? "s" : ""), () -> {
                setNumThreads(threads);
                return new OpenCvYoloEngine(model, 640, BATCH);
            });
        }
        if (GpuProbe.probe().present()) {
            Path cache = Files.createTempDirectory("veil-engines");
            engines.put("TensorRT FP16 (GPU)", () -> TensorRtEngine.open(model, 640, BATCH, Precision.FP16,
                    new EngineCache(cache)));
        }
        StringBuilder table = new StringBuilder();
        table.append("| runtime | ms per 1280x720 frame (median / min) | ms per batch of 4 (median / min) | ms per frame in"
                + " a batch of 4 |\n| --- | --- | --- | --- |\n");
        int openCvThreads = getNumThreads();
        try (Mat zidane = TestImages.read(TestImages.sharedOrSkip("media/zidane.jpg"))) {
            List<Mat> four = List.of(zidane, zidane, zidane, zidane);
            for (Map.Entry<String, Supplier<YoloEngine>> e : engines.entrySet()) {
                try (YoloFaceDetector detector = new YoloFaceDetector(e.getValue().get(), name, YoloFormat.AUTO, 0.5,
                        0.45, Tiling.off())) {
                    double[] one = time(() -> detector.detect(zidane));
                    double[] batch = time(() -> detector.detectBatch(four));
                    table.append(String.format(Locale.ROOT, "| %s | %.1f / %.1f | %.1f / %.1f | %.1f |%n", e.getKey(),
                            one[0], one[1], batch[0], batch[1], batch[0] / BATCH));
                }
            }
        } finally {
            setNumThreads(openCvThreads);
        }
        String report = table + "\n" + environment();
        System.out.println("\n" + report);
        Files.writeString(Path.of("target", "yolo-benchmark.md"), report);
        assertFalse(report.isBlank());
    }

    /** Median and minimum of {@value #TIMED} runs after {@value #WARM_UP}, ms. */
    private static double[] time(Runnable run) {
        for (int i = 0; i < WARM_UP; i++) {
            run.run();
        }
        double[] ms = new double[TIMED];
        for (int i = 0; i < TIMED; i++) {
            long start = System.nanoTime();
            run.run();
            ms[i] = (System.nanoTime() - start) / 1e6;
        }
        Arrays.sort(ms);
        return new double[]{ms[TIMED / 2], ms[0]};
    }

    private static String environment() {
        String load;
        try {
            load = Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (IOException e) {
            load = "?";
        }
        return "Cores: " + Runtime.getRuntime().availableProcessors() + ", Java " + System.getProperty("java.version")
                + ", load average at the end: " + load + "\n";
    }
}
