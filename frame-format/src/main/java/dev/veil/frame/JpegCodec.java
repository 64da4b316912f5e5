package dev.veil.frame;

import static org.bytedeco.opencv.global.opencv_core.CV_8UC1;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_COLOR;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMWRITE_JPEG_QUALITY;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imdecode;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imencode;

import java.util.concurrent.atomic.LongAdder;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * JPEG in and out of OpenCV images, the way every vertex does it (OpenCV's libjpeg-turbo). Decoded images are
 * native memory: the caller owns the returned {@link Mat} and closes it.
 */
public final class JpegCodec {

    /** JPEG operations of this process so far, of any size (tests and benchmarks count them per frame). */
    public record Counts(long encodes, long decodes) {
    }

    private static final LongAdder ENCODES = new LongAdder();
    private static final LongAdder DECODES = new LongAdder();

    private JpegCodec() {
    }

    /** How many JPEGs this process has encoded and decoded (in full or reduced) so far. */
    public static Counts counts() {
        return new Counts(ENCODES.sum(), DECODES.sum());
    }

    /**
     * Decodes to an 8-bit BGR image; throws when the bytes are not a decodable JPEG or hold more than
     * {@link JpegSize#MAX_PIXELS}.
     */
    public static Mat decode(byte[] jpeg) throws InvalidFrameException {
        return decode(jpeg, IMREAD_COLOR);
    }

    /**
     * Decodes with OpenCV's {@code imread} flags (e.g. {@code IMREAD_REDUCED_GRAYSCALE_8}: libjpeg scales while it
     * decodes), after the same size check as {@link #decode(byte[])}.
     */
    public static Mat decode(byte[] jpeg, int imreadFlags) throws InvalidFrameException {
        JpegSize.decodable(jpeg);
        DECODES.increment();
        Mat image;
        try (Mat encoded = new Mat(1, jpeg.length, CV_8UC1)) {
            encoded.data().put(jpeg);
            image = imdecode(encoded, imreadFlags);
        } catch (RuntimeException e) {
            throw new InvalidFrameException("JPEG does not decode: " + e.getMessage(), e);
        }
        if (image == null || image.empty()) {
            if (image != null) {
                image.close();
            }
            throw new InvalidFrameException("JPEG does not decode (" + jpeg.length + " bytes)");
        }
        return image;
    }

    /** Encodes an 8-bit BGR (or gray) image at the given quality, 1..100. */
    public static byte[] encode(Mat image, int quality) {
        if (quality < 1 || quality > 100) {
            throw new IllegalArgumentException("JPEG quality " + quality + " is outside 1..100");
        }
        ENCODES.increment();
        try (BytePointer buffer = new BytePointer();
             IntPointer params = new IntPointer(IMWRITE_JPEG_QUALITY, quality)) {
            if (!imencode(".jpg", image, buffer, params)) {
                throw new IllegalStateException("OpenCV could not encode a " + image.cols() + "x" + image.rows() + " image as JPEG");
            }
            byte[] out = new byte[(int) buffer.limit()];
            buffer.get(out);
            return out;
        }
    }
}
