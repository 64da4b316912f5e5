package dev.veil.inference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.veil.inference.AnnotatedFaces.Match;
import dev.veil.inference.detect.Face;
import dev.veil.inference.detect.FaceDetector;
import dev.veil.inference.detect.Landmark;
import dev.veil.inference.detect.TilingMode;
import dev.veil.inference.network.CpuRuntime;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.bytedeco.opencv.opencv_core.Mat;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The real YOLOv5-face model of ../shared at 640, threshold 0.5, on real photos, on the default CPU runtime. */
class YoloFaceDetectorTest {

    private static FaceDetector detector;

    @BeforeAll
    static void open() {
        Path model = TestImages.sharedOrSkip("models/yolov5n-0.5-face.onnx");
        detector = FaceDetectors.open(YoloConfigs.cpu(model, CpuRuntime.ONNXRUNTIME, TilingMode.OFF));
    }

    @AfterAll
    static void close() {
        if (detector != null) {
            detector.close();
        }
    }

    private static List<Face> detect(String image) {
        try (Mat bgr = TestImages.read(TestImages.sharedOrSkip("media/" + image))) {
            return detector.detect(bgr);
        }
    }

    @Test
    void zidaneHasExactlyTheTwoAnnotatedFaces() {
        List<Face> faces = detect("zidane.jpg");

        Match match = Match.of(faces, AnnotatedFaces.of("zidane.jpg"), 1280, 720, 0.5);
        assertEquals(new Match(2, 0, 0, List.of()), match, "faces: " + faces);
        for (Face face : faces) {
            assertEquals(5, face.landmarks().size());
            assertTrue(face.score() >= 0.5 && face.score() <= 1, "score " + face.score());
            // eyes, nose and mouth corners fall inside the face box
            for (Landmark p : face.landmarks()) {
                assertTrue(p.x() >= face.xMin() && p.x() <= face.xMax() && p.y() >= face.yMin() && p.y() <= face.yMax(),
                        "landmark " + p + " outside " + face);
            }
        }
    }

    @Test
    void busHasTheTwoFrontalFacesAndNothingElse() {
        List<Face> faces = detect("bus.jpg");

        assertEquals(new Match(2, 0, 0, List.of()), Match.of(faces, AnnotatedFaces.of("bus.jpg"), 810, 1080, 0.5),
                "faces: " + faces);
    }

    @Test
    void crowdSelfieHasMoreThan150Faces() {
        List<Face> faces = detect("test.jpg");

        assertTrue(faces.size() >= 150, "found " + faces.size() + " faces in test.jpg");
    }

    @Test
    void aChartWithoutFacesHasNone() {
        // Widerface.jpg is WIDER FACE's precision-recall chart: text, axes and curves, no face.
        assertEquals(List.of(), detect("Widerface.jpg"));
    }

    @Test
    void findsTheSamplePortraitFace() {
        try (Mat portrait = TestImages.read(TestImages.astronaut())) {
            List<Face> faces = detector.detect(portrait);
            assertEquals(new Match(1, 0, 0, List.of()),
                    Match.of(faces, AnnotatedFaces.of("astronaut.jpg"), 512, 512, 0.5), "faces: " + faces);
        }
    }

    @Test
    void concurrentCallsGiveTheSameFacesAsOneAtATime() throws Exception {
        try (Mat zidane = TestImages.read(TestImages.sharedOrSkip("media/zidane.jpg"));
             Mat bus = TestImages.read(TestImages.sharedOrSkip("media/bus.jpg"))) {
            List<Face> zidaneAlone = detector.detect(zidane);
            List<Face> busAlone = detector.detect(bus);
            ExecutorService pool = Executors.newFixedThreadPool(4);
            try {
                List<Callable<List<Face>>> calls = List.of(
                        () -> detector.detect(zidane), () -> detector.detect(bus),
                        () -> detector.detect(zidane), () -> detector.detect(bus));
                List<Future<List<Face>>> results = pool.invokeAll(calls);
                assertEquals(zidaneAlone, results.get(0).get());
                assertEquals(busAlone, results.get(1).get());
                assertEquals(zidaneAlone, results.get(2).get());
                assertEquals(busAlone, results.get(3).get());
            } finally {
                pool.shutdownNow();
            }
        }
    }

    @Test
    void theChartWithoutFacesHasNoneAlsoWithTiles() {
        // Widerface.jpg (2470x420) is WIDER FACE's precision-recall chart, not a strip of faces (docs/detectors.md).
        Path model = TestImages.sharedOrSkip("models/yolov5n-0.5-face.onnx");
        try (FaceDetector tiled = FaceDetectors.open(YoloConfigs.cpu(model, CpuRuntime.ONNXRUNTIME, TilingMode.ON));
             Mat chart = TestImages.read(TestImages.sharedOrSkip("media/Widerface.jpg"))) {
            assertEquals(List.of(), tiled.detect(chart));
        }
    }

    @Test
    void tilingFindsTheSmallFacesOfTheCrowdThatOneLetterboxLoses() {
        Path model = TestImages.sharedOrSkip("models/yolov5n-0.5-face.onnx");
        try (FaceDetector tiled = FaceDetectors.open(YoloConfigs.cpu(model, CpuRuntime.ONNXRUNTIME, TilingMode.ON));
             Mat crowd = TestImages.read(TestImages.sharedOrSkip("media/test.jpg"))) {
            int whole = detector.detect(crowd).size();
            int withTiles = tiled.detect(crowd).size();
            System.out.println("test.jpg: " + whole + " faces letterboxed whole, " + withTiles + " with tiles");
            assertTrue(whole >= 150, "whole: " + whole);
            assertTrue(withTiles >= whole + 50, "whole " + whole + ", tiled " + withTiles);
        }
    }

    @Test
    void in4kTilingFindsWhatOneLetterboxLosesAndNothingOnTheGround() {
        Path model = TestImages.sharedOrSkip("models/yolov5n-0.5-face.onnx");
        try (FaceDetector tiled = FaceDetectors.open(YoloConfigs.cpu(model, CpuRuntime.ONNXRUNTIME, TilingMode.AUTO));
             Composite4k scene = Composite4k.build()) {
            List<Face> whole = detector.detect(scene.frame());
            List<Face> withTiles = tiled.detect(scene.frame());
            Match wholeMatch = Match.of(whole, scene.annotated(), Composite4k.WIDTH, Composite4k.HEIGHT, 0.5);
            Match tiledMatch = Match.of(withTiles, scene.annotated(), Composite4k.WIDTH, Composite4k.HEIGHT, 0.5);
            System.out.println("4K composite: letterboxed whole " + whole.size() + " faces (" + Composite4k.onCrowd(whole)
                    + " on the crowd, " + wholeMatch.found() + " of 4 annotated), tiled " + withTiles.size() + " ("
                    + Composite4k.onCrowd(withTiles) + " on the crowd, " + tiledMatch.found() + " of 4 annotated)");

            assertEquals(4, tiledMatch.found(), "tiled: " + tiledMatch);
            assertTrue(Composite4k.onCrowd(withTiles) >= 150, "tiled crowd: " + Composite4k.onCrowd(withTiles));
            assertTrue(Composite4k.onCrowd(whole) * 5 < Composite4k.onCrowd(withTiles),
                    "whole " + Composite4k.onCrowd(whole) + " vs tiled " + Composite4k.onCrowd(withTiles));
            assertTrue(wholeMatch.found() < 4, "one letterbox found all four small annotated faces: " + wholeMatch);
            assertEquals(List.of(), withTiles.stream().filter(f -> !Composite4k.onAPhoto(f)).toList(),
                    "faces on the flat ground");
        }
    }
}
