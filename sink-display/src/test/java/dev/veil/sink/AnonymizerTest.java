package dev.veil.sink;

import static org.bytedeco.opencv.global.opencv_core.CV_16S;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;
import static org.bytedeco.opencv.global.opencv_core.countNonZero;
import static org.bytedeco.opencv.global.opencv_core.absdiff;
import static org.bytedeco.opencv.global.opencv_core.meanStdDev;
import static org.bytedeco.opencv.global.opencv_imgproc.COLOR_BGR2GRAY;
import static org.bytedeco.opencv.global.opencv_imgproc.Laplacian;
import static org.bytedeco.opencv.global.opencv_imgproc.cvtColor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.veil.frame.v1.Detection;
import java.util.List;
import java.util.Random;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.junit.jupiter.api.Test;

class AnonymizerTest {

    private static final int W = 640;
    private static final int H = 360;
    /** A face box from (0.40, 0.30) to (0.55, 0.70): 96 x 144 pixels at (256, 108). */
    private static final Detection FACE = Detection.newBuilder()
            .setXMin(0.40f).setYMin(0.30f).setXMax(0.55f).setYMax(0.70f).setScore(0.9f).build();

    @Test
    void theCoverIsTheBoxWithItsMarginClippedToTheImage() {
        Anonymizer anonymizer = new Anonymizer(AnonymizeMode.BLUR, 0.25);
        Rect r = anonymizer.coverFor(FACE, W, H);
        assertEquals(List.of(232, 72, 144, 216), List.of(r.x(), r.y(), r.width(), r.height()));

        // 600..640 x 0..45 pixels, grown by 10 and 11.25 pixels, cut at the right and top edges
        Detection corner = Detection.newBuilder().setXMin(0.9375f).setYMin(0f).setXMax(1f).setYMax(0.125f).build();
        Rect c = anonymizer.coverFor(corner, W, H);
        assertEquals(List.of(590, 0, 50, 57), List.of(c.x(), c.y(), c.width(), c.height()));
    }

    @Test
    void blurRemovesTheDetailInsideAndTouchesNothingOutside() {
        try (Mat image = noise(); Mat original = image.clone()) {
            List<Rect> covered = new Anonymizer(AnonymizeMode.BLUR, 0.2).anonymize(image, List.of(FACE));

            Rect box = new Anonymizer(AnonymizeMode.BLUR, 0).coverFor(FACE, W, H);
            double before = detail(original, box);
            double after = detail(image, box);
            assertTrue(after < 0.2 * before, "high-frequency energy in the face fell from " + before + " to " + after);
            assertEquals(0, changedOutside(original, image, covered.get(0)), "pixels outside the cover are untouched");
        }
    }

    @Test
    void pixelateLeavesAFewFlatBlocks() {
        try (Mat image = noise(); Mat original = image.clone()) {
            List<Rect> covered = new Anonymizer(AnonymizeMode.PIXELATE, 0).anonymize(image, List.of(FACE));
            Rect box = covered.get(0);
            // 8 blocks across a 96-pixel face: each 12x12 block is one colour, so neighbours inside a block agree
            try (Mat region = image.apply(box)) {
                assertEquals(region.ptr(0, 0).get(0), region.ptr(11, 11).get(0));
                assertEquals(region.ptr(0, 0).get(1), region.ptr(5, 7).get(1));
            }
            assertTrue(detail(image, box) < 0.2 * detail(original, box));
            assertEquals(0, changedOutside(original, image, box));
        }
    }

    @Test
    void fillLeavesNothingOfTheFace() {
        try (Mat image = noise(); Mat original = image.clone()) {
            List<Rect> covered = new Anonymizer(AnonymizeMode.FILL, 0.1).anonymize(image, List.of(FACE));
            try (Mat region = image.apply(covered.get(0)); Mat mean = new Mat(); Mat std = new Mat()) {
                meanStdDev(region, mean, std);
                assertEquals(0.0, std.ptr(0).getDouble(), 1e-9, "one flat colour");
                assertEquals(128.0, mean.ptr(0).getDouble(), 1e-9);
            }
            assertEquals(0, changedOutside(original, image, covered.get(0)));
        }
    }

    @Test
    void theWholeFrameFallbackLeavesNoDetailAnywhere() {
        try (Mat image = noise(); Mat original = image.clone()) {
            Anonymizer.obscureWholeFrame(image);
            Rect all = new Rect(0, 0, W, H);
            assertTrue(detail(image, all) < 0.02 * detail(original, all));
        }
    }

    static Mat noise() {
        byte[] pixels = new byte[W * H * 3];
        new Random(42).nextBytes(pixels);
        Mat image = new Mat(H, W, CV_8UC3);
        image.data().put(pixels);
        return image;
    }

    /** Variance of the Laplacian of the grey image inside {@code r}: how much fine detail is there. */
    static double detail(Mat bgr, Rect r) {
        try (Mat region = bgr.apply(r); Mat grey = new Mat(); Mat lap = new Mat(); Mat mean = new Mat(); Mat std = new Mat()) {
            cvtColor(region, grey, COLOR_BGR2GRAY);
            Laplacian(grey, lap, CV_16S);
            meanStdDev(lap, mean, std);
            double s = std.ptr(0).getDouble();
            return s * s;
        }
    }

    /** Pixels that differ between the images outside {@code cover}. */
    static int changedOutside(Mat a, Mat b, Rect cover) {
        try (Mat diff = new Mat(); Mat grey = new Mat()) {
            absdiff(a, b, diff);
            try (Mat inside = diff.apply(cover)) {
                inside.put(new Scalar(0, 0, 0, 0));
            }
            cvtColor(diff, grey, COLOR_BGR2GRAY);
            return countNonZero(grey);
        }
    }
}
