package dev.veil.inference;

import static org.bytedeco.opencv.global.opencv_core.getNumThreads;
import static org.bytedeco.opencv.global.opencv_core.setNumThreads;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.veil.inference.AnnotatedFaces.Match;
import dev.veil.inference.blazeface.BlazeFaceDetector;
import dev.veil.inference.detect.FaceDetector;
import dev.veil.inference.detect.Tiling;
import dev.veil.inference.haar.HaarFaceDetector;
import dev.veil.inference.network.OnnxRuntimeEngine;
import dev.veil.inference.opencv.OpenCvYoloEngine;
import dev.veil.inference.yolo.YoloFaceDetector;
import dev.veil.inference.yolo.YoloFormat;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
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
 * The measurement behind the default model (docs/detectors.md): every detector on the same photos and scenes,
 * with faces matched against the hand annotations (IoU >= 0.5), and the time of one 1280x720 frame on one core.
 * A report, not a test: it runs only with {@code -Dveil.report=true} and needs ../shared.
 *
 * <pre>mvn -B -ntp -o -pl inference test -Dtest=DetectorComparison -Dveil.report=true -Dsurefire.failIfNoSpecifiedTests=false</pre>
 */
class DetectorComparison {

    private static final double[] SCENE_FRACTIONS = {0.08, 0.10, 0.12, 0.15, 0.30, 0.45, 0.60};
    private static final int WARM_UP = 3;
    private static final int TIMED = 15;

    @Test
    void compareDetectors() throws IOException {
        Assumptions.assumeTrue(Boolean.getBoolean("veil.report"), "report only: run with -Dveil.report=true");
        Path yolo = TestImages.sharedOrSkip("models/yolov5n-0.5-face.onnx");
        Map<String, Supplier<FaceDetector>> detectors = new LinkedHashMap<>();
        detectors.put("`haar` (alt2 cascade)", () -> new HaarFaceDetector(0.5));
        detectors.put("Haar, default cascade", () -> new HaarFaceDetector("haarcascade_frontalface_default.xml", 0.5));
        detectors.put("`blazeface-short`", () -> BlazeFaceDetector.bundled(BlazeFaceDetector.Range.SHORT, 0.5, false));
        detectors.put("BlazeFace short, tiled", () -> BlazeFaceDetector.bundled(BlazeFaceDetector.Range.SHORT, 0.5, true));
        detectors.put("`blazeface-full`", () -> BlazeFaceDetector.bundled(BlazeFaceDetector.Range.FULL, 0.5, false));
        detectors.put("`blazeface-full-tiled`", () -> BlazeFaceDetector.bundled(BlazeFaceDetector.Range.FULL, 0.5, true));
        String name = yolo.getFileName().toString();
        // One thread each, as OpenCV is limited to below, so that the times compare one core with one core.
        detectors.put("YOLOv5n-0.5-face @640 (GPL, not bundled), ONNX Runtime", () -> new YoloFaceDetector(
                new OnnxRuntimeEngine(yolo, 640, 1, 1), name, YoloFormat.AUTO, 0.5, 0.45, Tiling.off()));
        detectors.put("YOLOv5n-0.5-face @640, OpenCV DNN", () -> new YoloFaceDetector(
                new OpenCvYoloEngine(yolo, 640, 1), name, YoloFormat.AUTO, 0.5, 0.45, Tiling.off()));

        StringBuilder table = new StringBuilder();
        table.append("| detector | zidane: found of 2, false | bus: found of 2, false | test.jpg faces | Widerface.jpg (a chart, no face): false"
                + " | astronaut 512x512: found of 1 | astronaut in 1280x720, face at");
        for (double f : SCENE_FRACTIONS) {
            table.append(' ').append(percent(f));
        }
        table.append(" of the height | ms per 1280x720 frame, 1 core (median / min) |\n");
        table.append("| --- | --- | --- | --- | --- | --- | --- | --- |\n");

        try (Mat zidane = TestImages.read(TestImages.sharedOrSkip("media/zidane.jpg"));
             Mat bus = TestImages.read(TestImages.sharedOrSkip("media/bus.jpg"));
             Mat crowd = TestImages.read(TestImages.sharedOrSkip("media/test.jpg"));
             Mat strip = TestImages.read(TestImages.sharedOrSkip("media/Widerface.jpg"));
             Mat portrait = TestImages.read(TestImages.astronaut())) {
            List<AstronautScene> scenes = new ArrayList<>();
            for (double f : SCENE_FRACTIONS) {
                scenes.add(AstronautScene.withFaceHeight(portrait, f));
            }
            for (Map.Entry<String, Supplier<FaceDetector>> entry : detectors.entrySet()) {
                try (FaceDetector detector = entry.getValue().get()) {
                    table.append("| ").append(entry.getKey())
                            .append(" | ").append(cell(Match.of(detector.detect(zidane), AnnotatedFaces.of("zidane.jpg"), 1280, 720, 0.5)))
                            .append(" | ").append(cell(Match.of(detector.detect(bus), AnnotatedFaces.of("bus.jpg"), 810, 1080, 0.5)))
                            .append(" | ").append(detector.detect(crowd).size())
                            .append(" | ").append(detector.detect(strip).size())
                            .append(" | ").append(cell(Match.of(detector.detect(portrait), AnnotatedFaces.of("astronaut.jpg"), 512, 512, 0.5)))
                            .append(" |");
                    for (AstronautScene scene : scenes) {
                        Match m = Match.of(detector.detect(scene.frame()), List.of(scene.face()), AstronautScene.WIDTH,
                                AstronautScene.HEIGHT, 0.5);
                        table.append(' ').append(m.found() == 1 ? "yes" : "**no**")
                                .append(m.falsePositives() > 0 ? " +" + m.falsePositives() + " false" : "");
                        table.append(scene == scenes.get(scenes.size() - 1) ? "" : ",");
                    }
                    table.append(" | ").append(timing(detector, zidane)).append(" |\n");
                }
            }
            scenes.forEach(AstronautScene::close);
        }
        String report = table.toString();
        System.out.println("\n" + report);
        Path out = Path.of("target", "detector-comparison.md");
        Files.writeString(out, report);
        assertFalse(report.isBlank());
    }

    private static String cell(Match m) {
        return m.found() + (m.falsePositives() > 0 ? ", **" + m.falsePositives() + "**" : ", 0");
    }

    private static String percent(double f) {
        return Math.round(f * 100) + "%";
    }

    /** Median and minimum over {@value #TIMED} runs after {@value #WARM_UP}, OpenCV on one thread. */
    private static String timing(FaceDetector detector, Mat frame) {
        int threads = getNumThreads();
        setNumThreads(1);
        try {
            for (int i = 0; i < WARM_UP; i++) {
                detector.detect(frame);
            }
            double[] ms = new double[TIMED];
            for (int i = 0; i < TIMED; i++) {
                long start = System.nanoTime();
                detector.detect(frame);
                ms[i] = (System.nanoTime() - start) / 1e6;
            }
            Arrays.sort(ms);
            return String.format(Locale.ROOT, "%.0f / %.0f", ms[TIMED / 2], ms[0]);
        } finally {
            setNumThreads(threads);
        }
    }
}
