package dev.veil.bench;

import dev.veil.config.SharedSettings;
import dev.veil.frame.JpegCodec;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.FrameGrabber;
import org.bytedeco.javacv.OpenCVFrameConverter;

/**
 * The pictures of a video file, decoded once and kept as the JPEGs Veil's source would send (quality 90), so that
 * several detectors and settings can be measured on exactly the same frames without decoding the video again.
 *
 * @param jpegs  one per frame, in order
 */
record ClipPictures(int width, int height, List<byte[]> jpegs) {

    static final int JPEG_QUALITY = SharedSettings.JPEG_QUALITY.defaultValue();

    static ClipPictures decode(Path video) throws IOException {
        List<byte[]> jpegs = new ArrayList<>();
        int width;
        int height;
        try (FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(video.toFile());
             OpenCVFrameConverter.ToMat toMat = new OpenCVFrameConverter.ToMat()) {
            grabber.start();
            width = grabber.getImageWidth();
            height = grabber.getImageHeight();
            Frame frame;
            while ((frame = grabber.grabImage()) != null) {
                jpegs.add(JpegCodec.encode(toMat.convert(frame), JPEG_QUALITY));
            }
        } catch (FrameGrabber.Exception e) {
            throw new IOException("cannot decode " + video + ": " + e.getMessage(), e);
        }
        return new ClipPictures(width, height, List.copyOf(jpegs));
    }

    int frames() {
        return jpegs.size();
    }
}
