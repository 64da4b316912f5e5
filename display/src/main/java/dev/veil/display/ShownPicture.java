package dev.veil.display;

import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;

import dev.veil.frame.JpegCodec;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * The picture a stream shows for one frame, as viewers receive it: a JPEG. One that came as a JPEG (over the network)
 * is kept as it is; one handed over as pixels by a sink in this process ({@code veil run}) is encoded when a viewer
 * first asks for it, and only then: with nobody watching, no JPEG is ever made. Thread-safe.
 */
final class ShownPicture {

    private final int width;
    private final int height;
    private final int quality;
    /** BGR, row by row; null once encoded, or when it came as a JPEG. */
    private byte[] pixels;
    private byte[] jpeg;

    private ShownPicture(int width, int height, int quality, byte[] pixels, byte[] jpeg) {
        this.width = width;
        this.height = height;
        this.quality = quality;
        this.pixels = pixels;
        this.jpeg = jpeg;
    }

    static ShownPicture ofJpeg(byte[] jpeg) {
        return new ShownPicture(0, 0, 0, null, jpeg);
    }

    /**
     * A copy of an 8-bit BGR picture (Java memory: a frame the viewers never ask for costs a copy, nothing native to
     * release), encoded at {@code quality} on demand.
     */
    static ShownPicture ofPixels(Mat bgr, int quality) {
        if (bgr.type() != CV_8UC3 || !bgr.isContinuous()) {
            throw new IllegalArgumentException("a shown picture is continuous 8-bit BGR, not type " + bgr.type());
        }
        byte[] copy = new byte[bgr.cols() * bgr.rows() * 3];
        bgr.data().get(copy);
        return new ShownPicture(bgr.cols(), bgr.rows(), quality, copy, null);
    }

    /** The JPEG, encoded now if this is the first time it is asked for. */
    synchronized byte[] jpeg() {
        if (jpeg == null) {
            try (BytePointer data = new BytePointer(pixels); Mat bgr = new Mat(height, width, CV_8UC3, data)) {
                jpeg = JpegCodec.encode(bgr, quality);
            }
            pixels = null;
        }
        return jpeg;
    }

    /** Whether the JPEG has been made (tests: a picture nobody watched never is). */
    synchronized boolean encoded() {
        return jpeg != null;
    }
}
