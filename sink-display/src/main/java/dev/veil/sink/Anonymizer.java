package dev.veil.sink;

import static org.bytedeco.opencv.global.opencv_imgproc.GaussianBlur;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_AREA;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_LINEAR;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_NEAREST;

import dev.veil.frame.v1.Detection;
import java.util.List;
import org.bytedeco.opencv.global.opencv_imgproc;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.bytedeco.opencv.opencv_core.Size;

/**
 * Makes faces unrecognizable in place, in an 8-bit BGR image. Every face is covered with a margin around its
 * box, because detector boxes hug the face and hair, ears and chin identify people too.
 */
public final class Anonymizer {

    /** Mosaic blocks across a face in {@link AnonymizeMode#PIXELATE}: few enough that no feature survives. */
    private static final int PIXELATE_BLOCKS = 8;
    /** The whole-frame fallback keeps this many pixels across: shapes and motion, no faces. */
    private static final int OBSCURED_WIDTH = 24;

    private final AnonymizeMode mode;
    private final double margin;

    /**
     * @param margin extra cover on every side of a face box, as a fraction of the box's width and height
     */
    public Anonymizer(AnonymizeMode mode, double margin) {
        if (!(margin >= 0 && margin <= 2)) {
            throw new IllegalArgumentException("margin " + margin + " is outside 0..2");
        }
        this.mode = mode;
        this.margin = margin;
    }

    /** Covers every detected face; returns the areas covered, in pixels. */
    public List<Rect> anonymize(Mat image, List<Detection> faces) {
        List<Rect> covered = faces.stream().map(face -> coverFor(face, image.cols(), image.rows()))
                .filter(r -> r.width() > 0 && r.height() > 0).toList();
        for (Rect area : covered) {
            try (Mat region = image.apply(area)) {
                switch (mode) {
                    case BLUR -> blur(region);
                    case PIXELATE -> pixelate(region, PIXELATE_BLOCKS);
                    case FILL -> {
                        try (Scalar grey = new Scalar(128, 128, 128, 0)) {
                            region.put(grey);
                        }
                    }
                    default -> throw new IllegalStateException("unhandled mode " + mode);
                }
            }
        }
        return covered;
    }

    /** Obscures the whole image, for a frame whose faces are not known. */
    public static void obscureWholeFrame(Mat image) {
        pixelate(image, OBSCURED_WIDTH);
        int k = odd(Math.max(3, image.cols() / OBSCURED_WIDTH));
        try (Size kernel = new Size(k, k)) {
            GaussianBlur(image, image, kernel, 0);
        }
    }

    /** The pixel area covering a face and its margin, clipped to the image. */
    Rect coverFor(Detection face, int width, int height) {
        double w = (face.getXMax() - face.getXMin()) * width;
        double h = (face.getYMax() - face.getYMin()) * height;
        int x0 = clamp((int) Math.floor(face.getXMin() * width - margin * w), width);
        int y0 = clamp((int) Math.floor(face.getYMin() * height - margin * h), height);
        int x1 = clamp((int) Math.ceil(face.getXMax() * width + margin * w), width);
        int y1 = clamp((int) Math.ceil(face.getYMax() * height + margin * h), height);
        return new Rect(x0, y0, Math.max(0, x1 - x0), Math.max(0, y1 - y0));
    }

    /**
     * Gaussian blur with a kernel half the size of the face: a small face in the distance needs little, a face
     * filling the frame needs a lot for the same loss of detail.
     */
    private static void blur(Mat region) {
        int k = odd(Math.max(3, Math.max(region.cols(), region.rows()) / 2));
        try (Size kernel = new Size(k, k)) {
            GaussianBlur(region, region, kernel, 0);
        }
    }

    private static void pixelate(Mat region, int blocksAcross) {
        int w = Math.max(1, Math.min(region.cols(), blocksAcross));
        int h = Math.max(1, (int) Math.round((double) region.rows() * w / region.cols()));
        try (Mat small = new Mat(); Size smallSize = new Size(w, h); Size fullSize = new Size(region.cols(), region.rows())) {
            opencv_imgproc.resize(region, small, smallSize, 0, 0, INTER_AREA);
            opencv_imgproc.resize(small, region, fullSize, 0, 0, blocksAcross >= OBSCURED_WIDTH ? INTER_LINEAR : INTER_NEAREST);
        }
    }

    private static int odd(int n) {
        return n % 2 == 0 ? n + 1 : n;
    }

    private static int clamp(int v, int max) {
        return Math.max(0, Math.min(max, v));
    }
}
