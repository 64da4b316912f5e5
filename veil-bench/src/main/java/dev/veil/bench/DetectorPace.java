package dev.veil.bench;

import dev.veil.inference.FaceDetectors;
import dev.veil.inference.InferenceConfig;
import dev.veil.inference.detect.FaceDetector;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.FrameGrabber;
import org.bytedeco.javacv.OpenCVFrameConverter;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * How fast this machine runs the default detector right now: its full search (every scale) of one frame, alone, on
 * one ONNX Runtime thread, as {@code veil run}'s detector runs on two cores. The frame rates of a run mean little
 * without it: on the build machine ONNX Runtime's run of this network at 1280x736 alone has taken 26 ms in one
 * sitting and over 70 in another, with the decoders' speed unchanged (docs/benchmarks.md).
 *
 * @param medianMs the median of the timed searches, in milliseconds
 * @param fastestMs the fastest of them
 * @param slowestMs the slowest of them
 * @param searches how many were timed
 */
record DetectorPace(double medianMs, double fastestMs, double slowestMs, int searches) {

    /** Searches before the timed ones: ONNX Runtime and the JIT settle in on the first few. */
    static final int WARM_UP = 3;
    static final int TIMED = 9;

    /** {@link #measure} on the first picture of {@code video}. */
    static DetectorPace ofFirstPicture(Path video) throws IOException {
        try (Mat frame = firstPicture(video)) {
            return measure(frame);
        }
    }

    /** Times {@link #TIMED} full searches of {@code frame} by the default detector, after {@link #WARM_UP}. */
    static DetectorPace measure(Mat frame) {
        try (FaceDetector detector = FaceDetectors.open(InferenceConfig.defaults().withCpuThreads(1))) {
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
            return new DetectorPace(ms[TIMED / 2], ms[0], ms[TIMED - 1], TIMED);
        }
    }

    /** The first picture of {@code video}, for {@link #measure}; the caller closes it. */
    static Mat firstPicture(Path video) throws IOException {
        try (FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(video.toFile());
             OpenCVFrameConverter.ToMat toMat = new OpenCVFrameConverter.ToMat()) {
            grabber.start();
            Frame picture = grabber.grabImage();
            if (picture == null) {
                throw new IOException(video + " has no picture");
            }
            return toMat.convert(picture).clone();
        } catch (FrameGrabber.Exception e) {
            throw new IOException("cannot decode " + video + ": " + e.getMessage(), e);
        }
    }

    /** "48.1 ms (median of 9; 46.9-52.0)". */
    String describe() {
        return String.format(Locale.ROOT, "%.1f ms (median of %d; %.1f-%.1f)", medianMs, searches, fastestMs,
                slowestMs);
    }
}
