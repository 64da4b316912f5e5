package dev.veil.bench;

import static org.bytedeco.opencv.global.opencv_core.CV_16S;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC1;
import static org.bytedeco.opencv.global.opencv_imgproc.COLOR_BGR2GRAY;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_AREA;
import static org.bytedeco.opencv.global.opencv_imgproc.Laplacian;
import static org.bytedeco.opencv.global.opencv_imgproc.cvtColor;

import dev.veil.inference.detect.Face;
import dev.veil.inference.detect.FaceDetector;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.OpenCVFrameConverter;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.global.opencv_imgproc;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.bytedeco.opencv.opencv_core.Size;

/**
 * Compares an input video with Veil's output frame by frame: where a reference detector finds faces in the input,
 * the output must have lost its fine detail; everywhere else the output must be the input (up to compression).
 * The end-to-end tests assert with it, and {@code veil bench} measures with it what detecting every Nth frame
 * costs in coverage.
 */
final class CoverageCheck {

    /** A face whose box keeps more than this share of its fine detail (Laplacian variance) is not covered. */
    static final double MAX_DETAIL_LEFT = 0.2;

    /** Extra room around each face outside which the picture must be unchanged: the sink's margin and some. */
    private static final double EXCLUSION_MARGIN = dev.veil.sink.AnonymizerConfig.DEFAULT_MARGIN + 0.1;
    private static final int EXCLUSION_PIXELS = 8;

    /** Per frame: the faces found in the input, and the measurements. */
    record FrameResult(int index, int faces, double worstDetailRatio, double psnrOutside) {
    }

    record Report(int inputFrames, int outputFrames, List<FrameResult> frames, boolean outputHasAudio) {
        int framesWithFaces() {
            return (int) frames.stream().filter(f -> f.faces() > 0).count();
        }

        double worstDetailRatio() {
            return frames.stream().mapToDouble(FrameResult::worstDetailRatio).max().orElse(0);
        }

        double worstPsnrOutside() {
            return frames.stream().mapToDouble(FrameResult::psnrOutside).min().orElse(Double.POSITIVE_INFINITY);
        }

        /** Frames with a reference face that kept more than {@link #MAX_DETAIL_LEFT} of its detail. */
        long framesNotCovered() {
            return frames.stream().filter(f -> f.worstDetailRatio() > MAX_DETAIL_LEFT).count();
        }

        double meanPsnrOutside() {
            return frames.stream().mapToDouble(FrameResult::psnrOutside).filter(Double::isFinite).average().orElse(0);
        }

        @Override
        public String toString() {
            return String.format("frames in/out %d/%d, with faces %d, worst detail ratio in faces %.3f, worst PSNR outside %.1f dB, audio %s",
                    inputFrames, outputFrames, framesWithFaces(), worstDetailRatio(), worstPsnrOutside(), outputHasAudio);
        }
    }

    private CoverageCheck() {
    }

    static Report compare(Path input, Path output, FaceDetector detector) throws IOException {
        return compare(input, output, (index, original) -> detector.detect(original));
    }

    /** As above, with the reference faces of each input frame found once and reused for several outputs. */
    static Report compare(Path input, Path output, List<List<Face>> referenceFaces) throws IOException {
        return compare(input, output, (index, original) -> index < referenceFaces.size() ? referenceFaces.get(index)
                : List.of());
    }

    /** The reference detector's faces in every frame of {@code input}, scaled to {@code width x height} first. */
    static List<List<Face>> referenceFaces(Path input, FaceDetector detector, int width, int height) throws IOException {
        List<List<Face>> faces = new ArrayList<>();
        try (FFmpegFrameGrabber in = new FFmpegFrameGrabber(input.toFile());
             OpenCVFrameConverter.ToMat toMat = new OpenCVFrameConverter.ToMat()) {
            in.start();
            Frame a;
            while ((a = in.grabImage()) != null) {
                try (Mat original = scaled(toMat.convert(a), width, height)) {
                    faces.add(detector.detect(original));
                }
            }
        } catch (org.bytedeco.javacv.FrameGrabber.Exception e) {
            throw new IOException(e);
        }
        return faces;
    }

    @FunctionalInterface
    private interface FacesOf {
        List<Face> find(int index, Mat original);
    }

    private static Report compare(Path input, Path output, FacesOf reference) throws IOException {
        List<FrameResult> results = new ArrayList<>();
        PicturePairs.Counts counts = PicturePairs.walk(input, output, (index, original, shown) -> {
            try (Mat same = scaled(original, shown.cols(), shown.rows())) {
                results.add(compareFrame(index, same, shown, reference.find(index, same)));
            }
        });
        return new Report(counts.inputFrames(), counts.outputFrames(), results, counts.outputHasAudio());
    }

    private static FrameResult compareFrame(int index, Mat original, Mat shown, List<Face> faces) {
        double worst = 0;
        try (Mat outside = new Mat(original.rows(), original.cols(), CV_8UC1, new Scalar(255, 0, 0, 0))) {
            for (Face face : faces) {
                try (Rect box = pixels(face, original.cols(), original.rows(), 0, 0)) {
                    if (box.width() < 4 || box.height() < 4) {
                        continue;
                    }
                    worst = Math.max(worst, detail(shown, box) / Math.max(1e-9, detail(original, box)));
                }
                try (Rect exclude = pixels(face, original.cols(), original.rows(), EXCLUSION_MARGIN, EXCLUSION_PIXELS);
                     Mat hole = outside.apply(exclude); Scalar zero = new Scalar(0, 0, 0, 0)) {
                    hole.put(zero);
                }
            }
            return new FrameResult(index, faces.size(), worst, psnr(original, shown, outside));
        }
    }

    /** Variance of the Laplacian of the grey picture inside {@code r}: how much fine detail there is. */
    static double detail(Mat bgr, Rect r) {
        try (Mat region = bgr.apply(r); Mat grey = new Mat(); Mat lap = new Mat(); Mat mean = new Mat(); Mat std = new Mat()) {
            cvtColor(region, grey, COLOR_BGR2GRAY);
            Laplacian(grey, lap, CV_16S);
            opencv_core.meanStdDev(lap, mean, std);
            double s = std.ptr(0).getDouble();
            return s * s;
        }
    }

    /** PSNR between two pictures over the pixels where {@code mask} is set. */
    static double psnr(Mat a, Mat b, Mat mask) {
        int pixels = opencv_core.countNonZero(mask);
        if (pixels == 0) {
            return Double.POSITIVE_INFINITY;
        }
        try (Mat diff = new Mat(); Mat diff32 = new Mat(); Mat squared = new Mat()) {
            opencv_core.absdiff(a, b, diff);
            diff.convertTo(diff32, opencv_core.CV_32F);
            opencv_core.multiply(diff32, diff32, squared);
            double total;
            try (Mat masked = new Mat(); Scalar s = sum(squared, masked, mask)) {
                total = s.get(0) + s.get(1) + s.get(2);
            }
            double mse = total / (pixels * 3.0);
            return mse == 0 ? Double.POSITIVE_INFINITY : 10 * Math.log10(255.0 * 255.0 / mse);
        }
    }

    private static Scalar sum(Mat values, Mat scratch, Mat mask) {
        values.copyTo(scratch, mask);
        return opencv_core.sumElems(scratch);
    }

    private static Rect pixels(Face f, int width, int height, double margin, int extra) {
        double w = (f.xMax() - f.xMin()) * width;
        double h = (f.yMax() - f.yMin()) * height;
        int x0 = Math.max(0, (int) Math.floor(f.xMin() * width - margin * w) - extra);
        int y0 = Math.max(0, (int) Math.floor(f.yMin() * height - margin * h) - extra);
        int x1 = Math.min(width, (int) Math.ceil(f.xMax() * width + margin * w) + extra);
        int y1 = Math.min(height, (int) Math.ceil(f.yMax() * height + margin * h) + extra);
        return new Rect(x0, y0, Math.max(0, x1 - x0), Math.max(0, y1 - y0));
    }

    private static Mat scaled(Mat image, int width, int height) {
        Mat out = new Mat();
        if (image.cols() == width && image.rows() == height) {
            image.copyTo(out);
        } else {
            try (Size size = new Size(width, height)) {
                opencv_imgproc.resize(image, out, size, 0, 0, INTER_AREA);
            }
        }
        return out;
    }
}
