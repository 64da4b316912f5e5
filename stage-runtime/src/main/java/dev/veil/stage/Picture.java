package dev.veil.stage;

import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_REDUCED_GRAYSCALE_8;
import static org.bytedeco.opencv.global.opencv_imgproc.COLOR_BGR2GRAY;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_AREA;

import dev.veil.frame.InvalidFrameException;
import dev.veil.frame.JpegCodec;
import java.util.Optional;
import org.bytedeco.opencv.global.opencv_imgproc;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Size;

/**
 * A frame's picture inside a process: 8-bit BGR pixels, decoded only when a stage asks for them. A picture that came
 * as a JPEG and was not changed leaves as that same JPEG (no second generation, no encoding); one made in this
 * process ({@code veil run}) never becomes a JPEG unless someone needs one.
 *
 * <p>Owns native memory: the stage that holds it closes it, or hands it on. One thread at a time.
 */
public final class Picture implements AutoCloseable {

    private final int width;
    private final int height;
    /** The JPEG it came as, while its pixels are unchanged; null once changed, or when it was made from pixels. */
    private byte[] jpeg;
    private Mat pixels;
    private boolean closed;

    private Picture(int width, int height, byte[] jpeg, Mat pixels) {
        this.width = width;
        this.height = height;
        this.jpeg = jpeg;
        this.pixels = pixels;
    }

    /** Takes ownership of an 8-bit, 3-channel BGR image. */
    public static Picture of(Mat bgr) {
        if (bgr.type() != CV_8UC3 || bgr.cols() <= 0 || bgr.rows() <= 0) {
            throw new IllegalArgumentException("a picture is 8-bit BGR and not empty, not type " + bgr.type() + " "
                    + bgr.cols() + "x" + bgr.rows());
        }
        return new Picture(bgr.cols(), bgr.rows(), null, bgr);
    }

    /**
     * A picture that arrived as a JPEG whose header says {@code width x height} (the caller checked it); decoded when
     * its pixels are first asked for.
     */
    public static Picture ofJpeg(byte[] jpeg, int width, int height) {
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("a picture of " + width + "x" + height);
        }
        return new Picture(width, height, jpeg, null);
    }

    public int width() {
        return width;
    }

    public int height() {
        return height;
    }

    /**
     * The BGR pixels, decoded now if they were not yet. Still owned by this picture. A stage that changes them calls
     * {@link #changed()}.
     *
     * @throws InvalidFrameException when the JPEG it came as does not decode, or decodes to another size
     */
    public Mat pixels() throws InvalidFrameException {
        ensureOpen();
        if (pixels == null) {
            Mat decoded = JpegCodec.decode(jpeg);
            if (decoded.cols() != width || decoded.rows() != height) {
                String actual = decoded.cols() + "x" + decoded.rows();
                decoded.close();
                throw new InvalidFrameException("JPEG decodes to " + actual + ", not the " + width + "x" + height
                        + " its header declares");
            }
            pixels = decoded;
        }
        return pixels;
    }

    /** Whether the pixels are decoded (or were made here): then asking for them costs nothing. */
    public boolean decoded() {
        return pixels != null;
    }

    /** The pixels were changed: the JPEG this picture came as no longer shows them. */
    public void changed() {
        if (pixels == null) {
            throw new IllegalStateException("a picture whose pixels were never asked for cannot have changed");
        }
        jpeg = null;
    }

    /** The JPEG this picture came as, when its pixels are unchanged since. */
    public Optional<byte[]> unchangedJpeg() {
        return Optional.ofNullable(jpeg);
    }

    /** The picture as a JPEG: the one it came as when unchanged, else encoded now at {@code quality} (1..100). */
    public byte[] jpeg(int quality) throws InvalidFrameException {
        return jpeg != null ? jpeg : JpegCodec.encode(pixels(), quality);
    }

    /**
     * The picture in grey at an eighth of its size, each pixel the mean of an 8x8 block (a side that is not a multiple
     * of 8 rounds up): from the JPEG by libjpeg's scaled decoding when the pixels are not decoded (a small part of a
     * full decode), else from the pixels. The caller closes it.
     */
    public Mat greyEighth() throws InvalidFrameException {
        ensureOpen();
        if (pixels == null) {
            return JpegCodec.decode(jpeg, IMREAD_REDUCED_GRAYSCALE_8);
        }
        Mat small = new Mat();
        try (Mat grey = new Mat(); Size size = new Size((width + 7) / 8, (height + 7) / 8)) {
            opencv_imgproc.cvtColor(pixels, grey, COLOR_BGR2GRAY);
            opencv_imgproc.resize(grey, small, size, 0, 0, INTER_AREA);
        }
        return small;
    }

    /** A copy of the pixels that the caller owns (for a writer on another thread). */
    public Mat copyOfPixels() throws InvalidFrameException {
        return pixels().clone();
    }

    /**
     * Hands the pixels over (decoding them first if needed): the caller owns them and closes them, and this picture
     * cannot be used after.
     */
    public Mat takePixels() throws InvalidFrameException {
        Mat taken = pixels();
        pixels = null;
        close();
        return taken;
    }

    /** Releases the pixels; the picture cannot be used after. */
    @Override
    public void close() {
        closed = true;
        if (pixels != null) {
            pixels.close();
            pixels = null;
        }
        jpeg = null;
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("picture already closed");
        }
    }
}
