package dev.veil.display;

import static org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_REDUCED_COLOR_8;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_LINEAR;
import static org.bytedeco.opencv.global.opencv_imgproc.resize;

import dev.veil.frame.InvalidFrameException;
import dev.veil.frame.JpegCodec;
import dev.veil.frame.WholeFrameFallback;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Size;

/**
 * The display's own picture for a frame it may not show as sent: the sink's whole-frame fallback
 * ({@link WholeFrameFallback}, a few blocks along the short side, softened) at the picture's own size.
 * Light and movement still show, so a viewer sees time pass; nothing in it can be recognized, whatever the sender
 * did or did not do to it.
 */
final class ObscuredPicture {

    static final int JPEG_QUALITY = 75;

    private ObscuredPicture() {
    }

    /**
     * The obscured picture of a JPEG of {@code width} x {@code height}.
     *
     * @throws InvalidFrameException when the JPEG does not decode or holds more than {@link dev.veil.frame.JpegSize#MAX_PIXELS}
     */
    static byte[] of(byte[] jpeg, int width, int height) throws InvalidFrameException {
        // libjpeg scales while it decodes: an 8K picture costs a 960x540 decode, and a few blocks need no more.
        try (Mat reduced = JpegCodec.decode(jpeg, IMREAD_REDUCED_COLOR_8)) {
            WholeFrameFallback.apply(reduced);
            try (Mat full = new Mat(); Size original = new Size(width, height)) {
                resize(reduced, full, original, 0, 0, INTER_LINEAR);
                return JpegCodec.encode(full, JPEG_QUALITY);
            }
        } catch (RuntimeException e) {
            throw new InvalidFrameException("the picture could not be obscured: " + e.getMessage(), e);
        }
    }
}
