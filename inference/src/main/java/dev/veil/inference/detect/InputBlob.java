package dev.veil.inference.detect;

import static org.bytedeco.opencv.global.opencv_core.BORDER_CONSTANT;
import static org.bytedeco.opencv.global.opencv_core.CV_32F;
import static org.bytedeco.opencv.global.opencv_core.copyMakeBorder;
import static org.bytedeco.opencv.global.opencv_dnn.blobFromImage;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_AREA;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_LINEAR;
import static org.bytedeco.opencv.global.opencv_imgproc.resize;

import dev.veil.inference.network.NativeAddress;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.bytedeco.opencv.opencv_core.Size;

/**
 * Builds a network's input from a BGR image: letterboxed as {@link Letterbox} says, RGB, NCHW float; either as a
 * blob of its own or into one slot of a batch tensor, so that the images of a batch go to the network at once.
 */
public final class InputBlob {

    private InputBlob() {
    }

    /**
     * @param padValue  grey level of the padding, in source pixel units (0..255)
     * @param scale     factor applied after subtracting {@code mean}: pixel' = (pixel - mean) * scale
     * @return a new 1x3xHxW float blob the caller closes
     */
    public static Mat letterboxed(Mat bgr, Letterbox box, double padValue, double scale, double mean) {
        if (bgr.empty() || bgr.channels() != 3) {
            throw new IllegalArgumentException("expected a 3-channel BGR image, got " + bgr.cols() + "x" + bgr.rows()
                    + " with " + bgr.channels() + " channels");
        }
        boolean shrinking = box.resizedWidth() < bgr.cols();
        try (Mat resized = new Mat();
             Mat padded = new Mat();
             Size resizedSize = new Size(box.resizedWidth(), box.resizedHeight());
             Scalar pad = new Scalar(padValue, padValue, padValue, 0);
             Size inputSize = new Size(box.targetWidth(), box.targetHeight());
             Scalar meanValue = new Scalar(mean, mean, mean, 0)) {
            // INTER_AREA when shrinking keeps small faces from aliasing away.
            resize(bgr, resized, resizedSize, 0, 0, shrinking ? INTER_AREA : INTER_LINEAR);
            int right = box.targetWidth() - box.resizedWidth() - box.padLeft();
            int bottom = box.targetHeight() - box.resizedHeight() - box.padTop();
            copyMakeBorder(resized, padded, box.padTop(), bottom, box.padLeft(), right, BORDER_CONSTANT, pad);
            return blobFromImage(padded, scale, inputSize, meanValue, true, false, CV_32F);
        }
    }

    /**
     * Writes the image into slot {@code slot} of an NCHW batch tensor of {@code box.targetHeight() x
     * box.targetWidth()} images: floats {@code [slot * 3 * H * W, (slot + 1) * 3 * H * W)} of {@code batch}, channel
     * planes R, G, B, each row-major. Same values as {@link #letterboxed}.
     */
    public static void letterboxInto(Mat bgr, Letterbox box, double padValue, double scale, double mean, FloatPointer batch,
                              int slot) {
        long perImage = 3L * box.targetWidth() * box.targetHeight();
        long offset = slot * perImage;
        if (slot < 0 || offset + perImage > batch.capacity()) {
            throw new IllegalArgumentException("slot " + slot + " is outside a batch tensor of " + batch.capacity()
                    + " floats (" + perImage + " per image)");
        }
        try (Mat blob = letterboxed(bgr, box, padValue, scale, mean)) {
            Pointer.memcpy(NativeAddress.of(batch, offset * Float.BYTES), blob.data(), perImage * Float.BYTES);
        }
    }
}
