package dev.veil.display;

import static org.bytedeco.opencv.global.opencv_core.CV_8UC1;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_REDUCED_COLOR_8;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imdecode;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_AREA;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_LINEAR;
import static org.bytedeco.opencv.global.opencv_imgproc.resize;

import dev.veil.frame.InvalidFrameException;
import dev.veil.frame.JpegCodec;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Size;

/**
 * The display's own picture for a frame it may not show as sent: the picture shrunk to {@link #BLOCKS_ACROSS}
 * samples across and enlarged back smoothly, at its own size. Light and movement still show, so a viewer sees
 * time pass; nothing in it can be recognized, whatever the sender did or did not do to it.
 */
final class ObscuredPicture {

    /** Fewer samples across the whole picture than the sink's pixelate mode puts across one face (8). */
    static final int BLOCKS_ACROSS = 12;
    static final int JPEG_QUALITY = 75;

    private ObscuredPicture() {
    }

    /**
     * The obscured picture of a JPEG whose size is known ({@code width} x {@code height}, already checked against
     * {@link FrameAdmission#MAX_PIXELS}).
     *
     * @throws InvalidFrameException when the JPEG does not decode
     */
    static byte[] of(byte[] jpeg, int width, int height) throws InvalidFrameException {
        // libjpeg scales while it decodes: an 8K picture costs a 960x540 decode.
        try (Mat encoded = new Mat(1, jpeg.length, CV_8UC1)) {
            encoded.data().put(jpeg);
            try (Mat reduced = imdecode(encoded, IMREAD_REDUCED_COLOR_8)) {
                if (reduced == null || reduced.empty()) {
                    throw new InvalidFrameException("JPEG does not decode (" + jpeg.length + " bytes)");
                }
                int across = Math.min(BLOCKS_ACROSS, reduced.cols());
                int down = Math.max(1, Math.round((float) across * height / width));
                try (Mat blocks = new Mat();
                     Mat full = new Mat();
                     Size small = new Size(across, down);
                     Size original = new Size(width, height)) {
                    resize(reduced, blocks, small, 0, 0, INTER_AREA);
                    resize(blocks, full, original, 0, 0, INTER_LINEAR);
                    return JpegCodec.encode(full, JPEG_QUALITY);
                }
            }
        } catch (RuntimeException e) {
            throw new InvalidFrameException("JPEG does not decode: " + e.getMessage(), e);
        }
    }
}
