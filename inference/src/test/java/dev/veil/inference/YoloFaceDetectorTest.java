package dev.veil.inference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.veil.inference.AnnotatedFaces.Match;
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

/** The real YOLOv5-face model of ../shared at 640, threshold 0.5, on real photos. */
class YoloFaceDetectorTest {

    private static YoloFaceDetector detector;

    @BeforeAll
    static void open() {
        Path model = TestImages.sharedOrSkip("models/yolov5n-0.5-face.onnx");
        detector = new YoloFaceDetector(model, 640, 0.5, 0.45);
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
}
