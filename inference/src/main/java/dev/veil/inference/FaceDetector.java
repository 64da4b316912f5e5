package dev.veil.inference;

import java.util.List;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * Finds faces in one image. Implementations are safe to call from several threads at once, and own native
 * resources (a network, a cascade) that {@link #close()} releases.
 */
public interface FaceDetector extends AutoCloseable {

    /**
     * Faces in an 8-bit, 3-channel BGR image of any size, normalized to that image. The image is only read.
     *
     * @throws RuntimeException when the model cannot run on this image (OpenCV error, unexpected outputs)
     */
    List<Face> detect(Mat bgr);

    /** What runs, for logs and reports, e.g. {@code yolov5-face yolov5n-0.5-face.onnx @640}. */
    String describe();

    @Override
    void close();
}
