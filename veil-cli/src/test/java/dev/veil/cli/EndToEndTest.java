package dev.veil.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.veil.frame.JpegCodec;
import dev.veil.frame.SharedTestData;
import dev.veil.inference.FaceDetector;
import dev.veil.inference.FaceDetectors;
import dev.veil.inference.InferenceConfig;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.bytedeco.opencv.global.opencv_imgcodecs;
import org.bytedeco.opencv.opencv_core.Mat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole of {@code veil run} on videos the test makes: every face the detector finds in the input is
 * anonymized in the output, and the rest of the picture is left as it was.
 */
class EndToEndTest {

    /** High-frequency energy left in a face: at most 20% of what the input had (a drop of 80% or more). */
    private static final double MAX_DETAIL_LEFT = CoverageCheck.MAX_DETAIL_LEFT;
    private static final double MIN_PSNR_OUTSIDE_DB = 35;

    @TempDir
    Path dir;

    @Test
    void syntheticSceneIsAnonymizedInEveryFrame() throws Exception {
        Path input = dir.resolve("scene.mp4");
        SampleVideo.writeSample(input, 4);

        CoverageCheck.Report report = runAndCheck(input, InferenceConfig.defaults(), List.of());

        assertEquals(100, report.inputFrames());
        assertTrue(report.outputHasAudio(), "the input's audio is kept");
    }

    @Test
    void photoOfTwoPeopleIsAnonymizedInEveryFrame() throws Exception {
        Path model = SharedTestData.fileOrSkip("models/yolov5n-0.5-face.onnx");
        Path photo = SharedTestData.fileOrSkip("media/zidane.jpg");
        Path input = dir.resolve("zidane.mp4");
        try (Mat picture = opencv_imgcodecs.imread(photo.toString())) {
            SampleVideo.panAndZoom(picture, input, 1280, 720, 25, 3, new SampleVideo.Camera(1.6, 0.45, 0.35), false);
        }
        InferenceConfig yolo = new InferenceConfig(model.toString(), 0.5, InferenceConfig.DEFAULT_NMS_IOU, 640);

        CoverageCheck.Report report = runAndCheck(input, yolo, List.of("--model", model.toString()));

        assertEquals(75, report.inputFrames());
    }

    private CoverageCheck.Report runAndCheck(Path input, InferenceConfig detection, List<String> extraFlags)
            throws Exception {
        Path output = dir.resolve("out.mp4");
        List<String> args = new java.util.ArrayList<>(List.of("run", "--input", input.toString(), "--output",
                output.toString(), "--pacing", "as-fast-as-possible", "--port", "0"));
        args.addAll(extraFlags);
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        ByteArrayOutputStream stderr = new ByteArrayOutputStream();

        int exit = Veil.execute(args.toArray(String[]::new), new PrintStream(stdout, true, StandardCharsets.UTF_8),
                new PrintStream(stderr, true, StandardCharsets.UTF_8));

        String said = stdout.toString(StandardCharsets.UTF_8) + stderr.toString(StandardCharsets.UTF_8);
        assertEquals(0, exit, said);
        assertTrue(Files.isRegularFile(output), said);
        CoverageCheck.Report report;
        try (FaceDetector detector = FaceDetectors.open(detection)) {
            report = CoverageCheck.compare(input, output, detector);
        }
        assertEquals(report.inputFrames(), report.outputFrames(), "no frame lost: " + report);
        assertTrue(report.framesWithFaces() >= 0.9 * report.inputFrames(),
                "the input shows faces in (nearly) every frame, so the check is not vacuous: " + report);
        for (CoverageCheck.FrameResult frame : report.frames()) {
            assertTrue(frame.worstDetailRatio() <= MAX_DETAIL_LEFT,
                    "frame " + frame.index() + " still shows face detail: " + frame + "; " + report);
            assertTrue(frame.psnrOutside() > MIN_PSNR_OUTSIDE_DB,
                    "frame " + frame.index() + " changed outside the faces: " + frame + "; " + report);
        }
        System.out.println("end-to-end " + input.getFileName() + ": " + report);
        return report;
    }
}
