package dev.veil.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.veil.frame.JpegCodec;
import dev.veil.frame.SharedTestData;
import dev.veil.inference.FaceDetectors;
import dev.veil.inference.InferenceConfig;
import dev.veil.inference.detect.FaceDetector;
import dev.veil.run.RunCommand;
import dev.veil.run.SampleVideo;
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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The whole of {@code veil run} on videos the test makes: every face the detector finds in the input is
 * anonymized in the output, and the rest of the picture is left as it was.
 */
class EndToEndTest {

    /** High-frequency energy left in a face: at most 20% of what the input had (a drop of 80% or more). */
    private static final double MAX_DETAIL_LEFT = CoverageCheck.MAX_DETAIL_LEFT;
    private static final double MIN_PSNR_OUTSIDE_DB = 35;
    private static final double MIN_UNCHANGED_SHARE = 0.6;

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

    @Test
    void aFaceCutInBetweenTwoDetectionsIsHiddenFromItsVeryFirstFrame() throws Exception {
        // Grey, then the portrait cut in at an odd frame. With a detection every 2nd frame, that frame would carry the
        // grey frame's "no face" and show the face unblurred; the picture-change check has it detected instead.
        Path input = dir.resolve("cut.mp4");
        int cutAt = 15;
        try (Mat portrait = SampleVideo.portrait();
             Mat scene = new Mat(720, 1280, org.bytedeco.opencv.global.opencv_core.CV_8UC3,
                     new org.bytedeco.opencv.opencv_core.Scalar(128, 128, 128, 0));
             Mat grey = scene.clone();
             org.bytedeco.javacv.FFmpegFrameRecorder recorder = new org.bytedeco.javacv.FFmpegFrameRecorder(
                     input.toFile(), 1280, 720, 0);
             org.bytedeco.javacv.OpenCVFrameConverter.ToMat converter = new org.bytedeco.javacv.OpenCVFrameConverter.ToMat()) {
            try (Mat scaled = new Mat(); org.bytedeco.opencv.opencv_core.Size size = new org.bytedeco.opencv.opencv_core.Size(512, 512);
                 org.bytedeco.opencv.opencv_core.Rect at = new org.bytedeco.opencv.opencv_core.Rect(384, 104, 512, 512);
                 Mat target = scene.apply(at)) {
                org.bytedeco.opencv.global.opencv_imgproc.resize(portrait, scaled, size);
                scaled.copyTo(target);
            }
            recorder.setFormat("mp4");
            recorder.setVideoCodecName("libopenh264");
            recorder.setPixelFormat(org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUV420P);
            recorder.setFrameRate(30);
            recorder.setVideoBitrate(4_000_000);
            recorder.start();
            for (int i = 0; i < 30; i++) {
                recorder.setTimestamp(i * 33_333L);
                recorder.record(converter.convert(i < cutAt ? grey : scene));
            }
            recorder.stop();
        }
        Path output = dir.resolve("cut-out.mp4");
        String said = veilRun("--input", input.toString(), "--output", output.toString(), "--pacing",
                "as-fast-as-possible", "--port", "0", "--detect-every", "2");
        CoverageCheck.Report report;
        try (FaceDetector detector = FaceDetectors.open(InferenceConfig.defaults())) {
            report = CoverageCheck.compare(input, output, detector);
        }
        assertEquals(30, report.outputFrames(), said);
        assertEquals(30 - cutAt, report.framesWithFaces(), "the face is in every frame from the cut on: " + report);
        assertEquals(cutAt, report.frames().stream().filter(f -> f.faces() > 0).mapToInt(CoverageCheck.FrameResult::index)
                .min().orElseThrow(), report.toString());
        for (CoverageCheck.FrameResult frame : report.frames()) {
            assertTrue(frame.worstDetailRatio() <= MAX_DETAIL_LEFT, "frame " + frame.index() + " shows the face: "
                    + frame + "; " + said);
        }
    }

    @ParameterizedTest(name = "{0}, camera {1}")
    @CsvSource({"group-table.jpg, wide", "group-selfie.jpg, zoom-right", "test.jpg, zoom-left"})
    void withItsDefaultsVeilRunHidesTheFacesOfGroupsAndCrowds(String photo, String camera) throws Exception {
        // The accuracy criterion of docs/detectors.md: at least 98% of the faces 16 px tall or more lose their detail
        // in every clip, judged against the reviewed true faces of the accuracy set.
        Path media = SharedTestData.fileOrSkip("media/" + photo).getParent();
        dev.veil.accuracy.LocatedPhoto located = dev.veil.accuracy.TruthSet.load().locate(media).photos().stream()
                .filter(p -> p.truth().fileName().equals(photo)).findFirst().orElseThrow(
                        () -> new AssertionError(photo + " in ../shared is not the photo the accuracy set describes"));
        dev.veil.accuracy.Camera cam = dev.veil.accuracy.Camera.standard().stream()
                .filter(c -> c.name().equals(camera)).findFirst().orElseThrow();
        dev.veil.accuracy.Clip clip = new dev.veil.accuracy.ClipMaker(dir.resolve("clips"))
                .make(located, dev.veil.accuracy.ClipSpec.of(cam, 60));
        Path output = dir.resolve("veil.mp4");
        String said = veilRun("--input", clip.file().toString(), "--output", output.toString(), "--pacing",
                "as-fast-as-possible", "--port", "0");

        FaceDetailJudge.Verdict verdict = FaceDetailJudge.judge(clip.file(), output, clip.truth());

        assertEquals(60, verdict.outputFrames(), said);
        FaceDetailJudge.Counts faces = verdict.from16();
        assertTrue(faces.faces() >= 60, "faces to judge: " + faces);
        assertTrue(faces.hidden() >= 0.98 * faces.faces(), photo + "/" + camera + ": " + faces.hidden() + " of "
                + faces.faces() + " faces of 16 px or more lost their detail; " + said);
    }

    /** {@code veil run ARGS}. */
    private String veilRun(String... args) {
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        ByteArrayOutputStream stderr = new ByteArrayOutputStream();
        int exit = RunCommand.execute(args, new PrintStream(stdout, true, StandardCharsets.UTF_8),
                new PrintStream(stderr, true, StandardCharsets.UTF_8));
        String said = stdout.toString(StandardCharsets.UTF_8) + stderr.toString(StandardCharsets.UTF_8);
        assertEquals(0, exit, said);
        return said;
    }

    private CoverageCheck.Report runAndCheck(Path input, InferenceConfig detection, List<String> extraFlags)
            throws Exception {
        Path output = dir.resolve("out.mp4");
        List<String> args = new java.util.ArrayList<>(List.of("--input", input.toString(), "--output",
                output.toString(), "--pacing", "as-fast-as-possible", "--port", "0"));
        args.addAll(extraFlags);
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        ByteArrayOutputStream stderr = new ByteArrayOutputStream();

        int exit = RunCommand.execute(args.toArray(String[]::new), new PrintStream(stdout, true, StandardCharsets.UTF_8),
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
        }
        // Veil covers what its detector takes for a face and holds it for a while: in the sample, the helmet in
        // the astronaut's hand passes for a face as the camera zooms in, and stays blurred for the hold time (about
        // a third of the frames). A patch of background blurred costs little; a sink that blurs or shifts the whole
        // picture would change most frames.
        long unchanged = report.frames().stream().filter(f -> f.psnrOutside() > MIN_PSNR_OUTSIDE_DB).count();
        assertTrue(unchanged >= MIN_UNCHANGED_SHARE * report.frames().size(), unchanged + " of "
                + report.frames().size() + " frames unchanged outside the faces; " + report);
        System.out.println("end-to-end " + input.getFileName() + ": " + report);
        return report;
    }
}
