package dev.veil.sink;

import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_AREA;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_CUBIC;
import static org.bytedeco.opencv.global.opencv_imgproc.resize;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.veil.frame.SharedTestData;
import java.nio.file.Path;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.bytedeco.opencv.opencv_core.Size;
import org.bytedeco.opencv.opencv_objdetect.FaceDetectorYN;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The picture shown when a frame's faces are not known must hide a face of any size, a close-up filling a
 * portrait video too. Judged by a face detector: YuNet (OpenCV's FaceDetectorYN, the model Veil ships) finds the
 * close-up in the picture before, and nowhere in the picture after, at any of three scales and a low threshold.
 */
class WholeFrameFallbackTest {

    /** Lower than any threshold Veil detects with: a face this detector half-believes in is still a face. */
    private static final float LOW_THRESHOLD = 0.3f;
    private static final int MODEL_SIDE = 640;

    @ParameterizedTest(name = "{0}x{1} close-up")
    @CsvSource({"720, 1280", "1280, 720"})
    void aCloseUpFaceIsNotFoundAfterTheFallback(int width, int height) throws Exception {
        Path model = SharedTestData.fileOrSkip("models/yunet/yunet_n_640_640.onnx");
        try (Mat frame = closeUp(width, height)) {
            assertEquals(3, faceCount(model, frame, 0.9f), "the close-up is a clear face before the fallback");

            dev.veil.frame.WholeFrameFallback.apply(frame);

            assertEquals(0, faceCount(model, frame, LOW_THRESHOLD), "a face is still found after the fallback");
        }
    }

    /** The astronaut's face filling the frame's width (portrait) or height (landscape), as a selfie video shows it. */
    private static Mat closeUp(int width, int height) throws Exception {
        Rect face = Photos.ASTRONAUT_FACE;
        double fill = 0.85;
        double cropW;
        double cropH;
        if (width < height) {
            cropW = face.width() / fill;
            cropH = cropW * height / width;
        } else {
            cropH = face.height() / fill;
            cropW = cropH * width / height;
        }
        int x = (int) Math.round(face.x() + face.width() / 2.0 - cropW / 2);
        int y = (int) Math.round(face.y() + face.height() / 2.0 - cropH / 2);
        try (Mat photo = Photos.astronaut(); Rect crop = new Rect(x, y, (int) cropW, (int) cropH);
             Mat region = photo.apply(crop); Size size = new Size(width, height)) {
            assertTrue(x >= 0 && y >= 0 && x + cropW <= photo.cols() && y + cropH <= photo.rows(), "crop inside");
            Mat frame = new Mat();
            resize(region, frame, size, 0, 0, INTER_CUBIC);
            return frame;
        }
    }

    /** How many of three scales (the whole frame fitting the model's input, half, a third) find a face. */
    private static int faceCount(Path model, Mat frame, float threshold) {
        int found = 0;
        for (double scale : new double[] {1.0, 0.5, 0.33}) {
            double fit = scale * MODEL_SIDE / Math.max(frame.cols(), frame.rows());
            int w = (int) Math.round(frame.cols() * fit);
            int h = (int) Math.round(frame.rows() * fit);
            try (Mat small = new Mat(); Size smallSize = new Size(w, h); Size input = new Size(MODEL_SIDE, MODEL_SIDE);
                 Mat canvas = new Mat(MODEL_SIDE, MODEL_SIDE, CV_8UC3, new Scalar(0, 0, 0, 0));
                 Rect at = new Rect(0, 0, w, h); Mat place = canvas.apply(at); Mat faces = new Mat();
                 FaceDetectorYN detector = FaceDetectorYN.create(model.toString(), "", input, threshold, 0.3f, 100, 0, 0)) {
                resize(frame, small, smallSize, 0, 0, INTER_AREA);
                small.copyTo(place);
                detector.detect(canvas, faces);
                found += faces.rows() > 0 ? 1 : 0;
            }
        }
        return found;
    }
}
