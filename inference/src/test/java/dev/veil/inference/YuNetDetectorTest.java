package dev.veil.inference;

import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.veil.inference.detect.BundledModels;
import dev.veil.inference.detect.Face;
import dev.veil.inference.detect.FaceDetector;
import dev.veil.inference.network.CpuRuntime;
import dev.veil.inference.network.OnnxNetwork;
import dev.veil.inference.network.OnnxRuntimeNetwork;
import dev.veil.inference.network.OutputTensor;
import dev.veil.inference.yunet.InputScale;
import dev.veil.inference.yunet.YuNetDetector;
import dev.veil.stage.Placement;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.opencv.global.opencv_imgproc;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.bytedeco.opencv.opencv_core.Size;
import org.bytedeco.opencv.opencv_objdetect.FaceDetectorYN;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Veil's YuNet (its own pre- and post-processing, on ONNX Runtime or OpenCV DNN) against OpenCV's own
 * {@code FaceDetectorYN} running the same network: the same faces, box for box.
 */
class YuNetDetectorTest {

    private static final double THRESHOLD = 0.5;
    private static YuNetDetector onnxRuntime;
    private static YuNetDetector openCv;

    @BeforeAll
    static void open() {
        // No pixel limit here: FaceDetectorYN searches the crowd photo (2048x1150) at its full size too.
        InputScale full = new InputScale(1.0, 4096L * 4096);
        onnxRuntime = YuNetDetector.bundled(CpuRuntime.ONNXRUNTIME, THRESHOLD, List.of(full), 2);
        openCv = YuNetDetector.bundled(CpuRuntime.OPENCV, THRESHOLD, List.of(full), 2);
    }

    @AfterAll
    static void close() {
        onnxRuntime.close();
        openCv.close();
    }

    @Test
    void theInputIsTheFrameAtItsOwnSizePaddedToMultiplesOf32() {
        InputScale full = new InputScale(1.0, InputScale.DEFAULT_MAX_PIXELS);
        assertEquals(new InputScale.Input(1280, 720, 1280, 736), full.inputFor(1280, 720));
        assertEquals(new InputScale.Input(1920, 1080, 1920, 1088), full.inputFor(1920, 1080));
        // 4K is shrunk to about 1080p's pixels: sqrt(1920 x 1088 / (3840 x 2160)) = 0.50185.
        assertEquals(new InputScale.Input(1927, 1084, 1952, 1088), full.inputFor(3840, 2160));
        assertEquals(new InputScale.Input(960, 540, 960, 544), new InputScale(1.5, InputScale.DEFAULT_MAX_PIXELS)
                .inputFor(640, 360));
        assertThrows(IllegalArgumentException.class, () -> new InputScale(0, 1L << 20));
    }

    @Test
    void theBlobIsBgrFromZeroTo255PaddedWithBlackRightAndBelow() {
        try (Mat image = new Mat(2, 3, CV_8UC3, new Scalar(10, 20, 30, 0))) {
            image.ptr(1, 2).put((byte) 1, (byte) 2, (byte) (250 & 0xff));
            InputScale.Input input = new InputScale(1.0, 1L << 20).inputFor(3, 2);
            try (Mat blob = YuNetDetector.blob(image, input)) {
                assertEquals(4, blob.dims());
                assertEquals(List.of(1, 3, 32, 32), List.of(blob.size(0), blob.size(1), blob.size(2), blob.size(3)));
                float[] v = new float[3 * 32 * 32];
                new FloatPointer(blob.data()).capacity(v.length).get(v);
                int plane = 32 * 32;
                assertEquals(10f, v[0], "B of pixel (0, 0)");
                assertEquals(20f, v[plane], "G of pixel (0, 0)");
                assertEquals(30f, v[2 * plane], "R of pixel (0, 0)");
                assertEquals(1f, v[32 + 2]);
                assertEquals(2f, v[plane + 32 + 2]);
                assertEquals(250f, v[2 * plane + 32 + 2]);
                assertEquals(0f, v[3], "padding right of the picture");
                assertEquals(0f, v[2 * 32], "padding below it");
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"zidane.jpg", "group-table.jpg", "bus.jpg", "test.jpg"})
    void findsTheFacesOpenCvsFaceDetectorYnFinds(String photo, @TempDir Path dir) throws IOException {
        Path model = dir.resolve(YuNetDetector.FIXED_MODEL);
        try (InputStream in = YuNetDetector.class.getResourceAsStream(
                BundledModels.DIR + YuNetDetector.FIXED_MODEL)) {
            Files.copy(in, model);
        }
        try (Mat image = TestImages.read(TestImages.sharedOrSkip("media/" + photo));
             Size size = new Size(image.cols(), image.rows());
             FaceDetectorYN reference = FaceDetectorYN.create(model.toString(), "", size, (float) THRESHOLD, 0.3f,
                     5000, 0, 0);
             Mat rows = new Mat()) {
            reference.detect(image, rows);
            List<Face> expected = new ArrayList<>();
            for (int i = 0; i < rows.rows(); i++) {
                float[] r = new float[15];
                new FloatPointer(rows.ptr(i)).capacity(15).get(r);
                expected.add(new Face(r[0] / image.cols(), r[1] / image.rows(), (r[0] + r[2]) / image.cols(),
                        (r[1] + r[3]) / image.rows(), r[14], List.of()));
            }
            assertTrue(expected.size() >= 2, photo + ": OpenCV found " + expected.size());

            List<Face> ours = onnxRuntime.detect(image);
            assertSameFaces(expected, ours, photo + " ONNX Runtime against FaceDetectorYN");
            assertSameFaces(ours, openCv.detect(image), photo + " OpenCV DNN against ONNX Runtime");
        }
    }

    /**
     * Every face of {@code a} clearly above the threshold is in {@code b} at IoU >= 0.9, and the other way round;
     * faces within 0.05 of the threshold may tip either way between runtimes (float rounding). In a crowd of
     * hundreds, one face in a hundred may differ: FaceDetectorYN suppresses overlapping boxes with whole-pixel
     * rectangles, Veil with exact ones, and touching faces overlap near the 0.3 limit.
     */
    private static void assertSameFaces(List<Face> a, List<Face> b, String what) {
        int missing = unmatched(a, b) + unmatched(b, a);
        assertTrue(missing <= a.size() / 100, what + ": " + a.size() + " against " + b.size() + " faces, " + missing
                + " unmatched");
        assertTrue(Math.abs(a.size() - b.size()) <= Math.max(2, a.size() / 50), what + ": " + a.size() + " against "
                + b.size());
    }

    private static int unmatched(List<Face> from, List<Face> in) {
        int missing = 0;
        for (Face f : from) {
            if (f.score() < THRESHOLD + 0.05) {
                continue;
            }
            boolean found = false;
            for (Face g : in) {
                if (f.iou(g) >= 0.9) {
                    found = true;
                    break;
                }
            }
            if (!found) {
                missing++;
            }
        }
        return missing;
    }

    @Test
    void aSecondScaleAddsFacesAndLosesNone() {
        // group-selfie.jpg has a woman cut in half by the photo's left edge: YuNet misses her at full resolution
        // and finds her at half of it.
        try (Mat image = TestImages.read(TestImages.sharedOrSkip("media/group-selfie.jpg"));
             YuNetDetector twoScales = YuNetDetector.bundled(CpuRuntime.ONNXRUNTIME, THRESHOLD,
                     List.of(new InputScale(1.0, 4096L * 4096), new InputScale(0.5, 4096L * 4096)), 2)) {
            List<Face> one = onnxRuntime.detect(image);
            List<Face> two = twoScales.detect(image);
            for (Face f : one) {
                assertTrue(two.stream().anyMatch(g -> g.iou(f) >= 0.5), "kept " + f + " in " + two);
            }
            Face cut = new Face(0.2 / 600, 399.1 / 604, 67.5 / 600, 577.1 / 604, 1, List.of());
            assertTrue(one.stream().noneMatch(f -> f.iou(cut) >= 0.4), "found at full resolution already: " + one);
            assertTrue(two.stream().anyMatch(f -> f.iou(cut) >= 0.4), "the half face at half size: " + two);
            assertEquals("yunet yunet_n_dynamic.onnx at full resolution and at 0.5x on onnxruntime cpu",
                    twoScales.describe());
        }
    }

    @ParameterizedTest
    @ValueSource(doubles = {0.45, 0.6, 0.8})
    void aFaceCloseUpIsFoundOnceWhateverScaleItIsTakenFrom(double faceHeight) {
        // Faces taller than half the frame are taken from the smaller scales only (YuNetDetector.LARGE_FACE): a
        // close-up must still be found, and once, whichever search its box comes from.
        try (Mat portrait = TestImages.read(TestImages.astronaut());
             AstronautScene scene = AstronautScene.withFaceHeight(portrait, faceHeight);
             FaceDetector detector = FaceDetectors.open(InferenceConfig.defaults())) {
            List<Face> found = detector.detect(scene.frame());
            List<Face> onTheFace = found.stream()
                    .filter(f -> scene.face().iou(f, AstronautScene.WIDTH, AstronautScene.HEIGHT) >= 0.5).toList();
            assertEquals(1, onTheFace.size(), "one box on the face " + scene.face() + ": " + found);
            assertTrue(found.stream().allMatch(f -> f.iou(onTheFace.get(0)) < 0.3 || f == onTheFace.get(0)),
                    "no second box of the same face: " + found);
        }
    }

    @Test
    void aFaceCutByTheFramesEdgeIsFoundInTheMirroredBorder() {
        // The portrait's face, 30% of a 720p frame tall, with the frame's left edge through it: a third shows.
        try (Mat portrait = TestImages.read(TestImages.astronaut());
             AstronautScene scene = AstronautScene.withFaceHeight(portrait, 0.30);
             YuNetDetector single = YuNetDetector.bundled(CpuRuntime.ONNXRUNTIME, THRESHOLD,
                     List.of(new InputScale(1.0, InputScale.DEFAULT_MAX_PIXELS)), 2);
             YuNetDetector twoScales = YuNetDetector.bundled(CpuRuntime.ONNXRUNTIME, THRESHOLD,
                     List.of(new InputScale(1.0, InputScale.DEFAULT_MAX_PIXELS),
                             new InputScale(0.5, InputScale.DEFAULT_MAX_PIXELS)), 2)) {
            int cut = (int) Math.round(scene.face().x1() + 0.7 * (scene.face().x2() - scene.face().x1()));
            try (org.bytedeco.opencv.opencv_core.Rect right = new org.bytedeco.opencv.opencv_core.Rect(cut, 0,
                    AstronautScene.WIDTH - cut, AstronautScene.HEIGHT);
                 Mat half = new Mat(scene.frame(), right).clone()) {
                int w = half.cols();
                int h = half.rows();
                // What is left of the face: from the frame's edge to its right cheek.
                Face visible = new Face(0, scene.face().y1() / h, (scene.face().x2() - cut) / w, scene.face().y2() / h,
                        1, List.of());
                assertTrue(single.detect(half).stream().noneMatch(f -> f.iou(visible) >= 0.3),
                        "at one scale, without the border, the cut face is missed (else this test proves nothing)");
                List<Face> found = twoScales.detect(half);
                assertTrue(found.stream().anyMatch(f -> f.iou(visible) >= 0.3 && f.xMin() == 0),
                        "found, its box cut at the frame's edge: " + found);
            }
        }
    }

    @Test
    void buffersKeptFromFrameToFrameGiveWhatAFreshDetectorGives() {
        // The detector keeps each scale's pictures and blob, and ONNX Runtime's output buffers per input size, from
        // one frame to the next. Frames of two sizes, full and coarse searches interleaved: every answer is exactly
        // the one a detector that never ran before gives.
        List<InputScale> scales = InferenceConfig.DEFAULT_YUNET_SCALES.stream()
                .map(f -> new InputScale(f, InputScale.DEFAULT_MAX_PIXELS)).toList();
        try (Mat portrait = TestImages.read(TestImages.astronaut());
             AstronautScene large = AstronautScene.withFaceHeight(portrait, 0.3);
             AstronautScene small = AstronautScene.withFaceHeight(portrait, 0.1);
             Mat other = new Mat();
             YuNetDetector kept = YuNetDetector.bundled(CpuRuntime.ONNXRUNTIME, THRESHOLD, scales, 1)) {
            opencv_imgproc.resize(small.frame(), other, new Size(640, 480));
            List<Mat> frames = List.of(large.frame(), other, small.frame(), large.frame(), other);
            for (int round = 0; round < 2; round++) {
                for (Mat frame : frames) {
                    boolean coarse = round == 1;
                    try (YuNetDetector fresh = YuNetDetector.bundled(CpuRuntime.ONNXRUNTIME, THRESHOLD, scales, 1)) {
                        List<Face> expected = coarse ? fresh.detectCoarse(frame) : fresh.detect(frame);
                        List<Face> got = coarse ? kept.detectCoarse(frame) : kept.detect(frame);
                        assertEquals(expected, got, frame.cols() + "x" + frame.rows() + (coarse ? " coarse" : ""));
                    }
                }
            }
            assertTrue(kept.detect(large.frame()).stream()
                    .anyMatch(f -> large.face().iou(f, AstronautScene.WIDTH, AstronautScene.HEIGHT) >= 0.5),
                    "the face is found at all");
        }
    }

    @Test
    void theFullSearchRunsEveryScaleTheCoarseOneTheScalesAfterTheFirst() throws IOException {
        List<InputScale> scales = InferenceConfig.DEFAULT_YUNET_SCALES.stream()
                .map(f -> new InputScale(f, InputScale.DEFAULT_MAX_PIXELS)).toList();
        byte[] model;
        try (InputStream in = YuNetDetector.class.getResourceAsStream(
                BundledModels.DIR + YuNetDetector.DYNAMIC_MODEL)) {
            model = in.readAllBytes();
        }
        List<String> inputs = new ArrayList<>();
        OnnxNetwork real = new OnnxRuntimeNetwork(model, YuNetDetector.DYNAMIC_MODEL, 1);
        OnnxNetwork recording = new OnnxNetwork() {
            @Override
            public <T> T run(Mat blob, java.util.function.Function<java.util.Map<String, OutputTensor>, T> reader) {
                inputs.add(blob.size(3) + "x" + blob.size(2));
                return real.run(blob, reader);
            }

            @Override
            public String describe() {
                return real.describe();
            }

            @Override
            public Placement placement() {
                return real.placement();
            }

            @Override
            public void close() {
                real.close();
            }
        };
        try (YuNetDetector detector = new YuNetDetector(recording, YuNetDetector.DYNAMIC_MODEL, THRESHOLD, scales);
             Mat frame = new Mat(720, 1280, CV_8UC3, Scalar.all(90))) {
            // 1280x720 at 1 padded to 736 rows; at 0.5 640x360 padded to 384; at 0.35, with its mirrored border of
            // 65 pixels a side (0.09 of 720), 493x297 padded to 512x320.
            inputs.clear(); // the blank frame the detector tried at start
            detector.detect(frame);
            assertEquals(List.of("1280x736", "640x384", "512x320"), inputs);
            inputs.clear();
            detector.detectCoarse(frame);
            assertEquals(List.of("640x384", "512x320"), inputs);
            assertTrue(detector.hasCoarseSearch());
        }
    }

    @Test
    void aNetworkThatIsNotYuNetFailsAtStartNotOnTheFirstFrame() {
        OnnxNetwork wrong = new OnnxNetwork() {
            @Override
            public <T> T run(Mat blob, java.util.function.Function<java.util.Map<String, OutputTensor>, T> reader) {
                return reader.apply(java.util.Map.of("output0", new OutputTensor(new int[]{1, 1}, new float[1])));
            }

            @Override
            public String describe() {
                return "test";
            }

            @Override
            public Placement placement() {
                return Placement.cpu("test");
            }

            @Override
            public void close() {
            }
        };
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new YuNetDetector(wrong, "other.onnx", 0.5, List.of(new InputScale(1, 1L << 20))));
        assertTrue(e.getMessage().startsWith("other.onnx does not run as YuNet on test: the network has no output"),
                e.getMessage());
    }
}
