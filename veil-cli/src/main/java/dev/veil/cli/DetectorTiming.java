package dev.veil.cli;

import static org.bytedeco.opencv.global.opencv_imgproc.INTER_AREA;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_LINEAR;
import static org.bytedeco.opencv.global.opencv_imgproc.resize;

import dev.veil.inference.detect.FaceDetector;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Size;

/**
 * What a frame costs a detector when it is handed {@code batch} frames in one call ({@code detectBatch}, as the
 * vertex hands it a Numaflow read batch): the median over timed calls of the call's time divided by the batch,
 * after warm-up calls (CUDA sets its kernels and cuDNN its algorithms up on the first calls of each size).
 *
 * @param width      frame width
 * @param height     frame height
 * @param batch      frames per call
 * @param calls      timed calls
 * @param msPerFrame median milliseconds per frame
 */
record DetectorTiming(int width, int height, int batch, int calls, double msPerFrame) {

    static final int WARM_UP_CALLS = 3;

    /**
     * Times calls of {@code batch} copies of {@code photo} scaled to {@code width} x {@code height}, until at least
     * {@code minCalls} calls and {@code budget} have passed.
     */
    static DetectorTiming measure(FaceDetector detector, Mat photo, int width, int height, int batch, int minCalls,
                                  Duration budget) {
        try (Mat frame = new Mat(); Size size = new Size(width, height)) {
            resize(photo, frame, size, 0, 0, photo.cols() > width ? INTER_AREA : INTER_LINEAR);
            List<Mat> frames = Collections.nCopies(batch, frame);
            for (int i = 0; i < WARM_UP_CALLS; i++) {
                detector.detectBatch(frames);
            }
            List<Double> ms = new ArrayList<>();
            long start = System.nanoTime();
            while (ms.size() < minCalls || System.nanoTime() - start < budget.toNanos()) {
                long t = System.nanoTime();
                detector.detectBatch(frames);
                ms.add((System.nanoTime() - t) / 1e6 / batch);
            }
            Collections.sort(ms);
            return new DetectorTiming(width, height, batch, ms.size(), ms.get(ms.size() / 2));
        }
    }
}
