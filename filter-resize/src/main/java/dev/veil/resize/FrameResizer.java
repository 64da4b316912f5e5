package dev.veil.resize;

import static org.bytedeco.opencv.global.opencv_imgproc.INTER_AREA;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_LINEAR;

import com.google.protobuf.ByteString;
import dev.veil.frame.InvalidFrameException;
import dev.veil.frame.JpegCodec;
import dev.veil.frame.v1.Frame;
import org.bytedeco.opencv.global.opencv_imgproc;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Size;

/** Scales a frame's picture to fit the display box, keeping its aspect ratio. Thread-safe. */
public final class FrameResizer {

    /** Target size of a frame, in whole pixels. */
    public record Dimensions(int width, int height) {
    }

    private final ResizeConfig config;

    public FrameResizer(ResizeConfig config) {
        this.config = config;
    }

    /**
     * The size a {@code width x height} frame gets: the largest that fits the box with the same aspect ratio,
     * with even sides (H.264 in 4:2:0 needs them), never larger than the frame unless upscaling is on.
     */
    public Dimensions target(int width, int height) {
        double scale = Math.min((double) config.maxWidth() / width, (double) config.maxHeight() / height);
        if (scale >= 1 && !config.upscale()) {
            return new Dimensions(width, height);
        }
        return new Dimensions(even(width * scale), even(height * scale));
    }

    /** The frame with its picture scaled; the frame itself when it already has the target size. */
    public Frame resize(Frame frame) throws InvalidFrameException {
        Dimensions target = target(frame.getWidth(), frame.getHeight());
        if (target.width() == frame.getWidth() && target.height() == frame.getHeight()) {
            return frame; // no decode, no second JPEG generation
        }
        try (Mat source = JpegCodec.decode(frame.getJpeg().toByteArray());
             Mat scaled = new Mat();
             Size size = new Size(target.width(), target.height())) {
            boolean shrinking = target.width() < source.cols();
            opencv_imgproc.resize(source, scaled, size, 0, 0, shrinking ? INTER_AREA : INTER_LINEAR);
            byte[] jpeg = JpegCodec.encode(scaled, config.jpegQuality());
            return frame.toBuilder()
                    .setWidth(scaled.cols())
                    .setHeight(scaled.rows())
                    .setJpeg(ByteString.copyFrom(jpeg))
                    .build();
        }
    }

    private static int even(double pixels) {
        return Math.max(2, 2 * (int) Math.round(pixels / 2));
    }
}
