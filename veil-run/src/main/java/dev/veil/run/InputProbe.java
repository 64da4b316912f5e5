package dev.veil.run;

import java.io.IOException;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.FrameGrabber;

/**
 * What a video file is, read from its header before the pipeline starts: whether there is a video to anonymize at
 * all, its picture size (an MP4 output needs 2x2 at least), the frame rate the MP4 writer budgets its bits by, and
 * whether there is audio to keep.
 *
 * @param hasVideo  whether it has a video stream
 * @param width     picture width (0 when unknown)
 * @param height    picture height (0 when unknown)
 * @param frameRate video frames per second (0 when the file does not say)
 * @param frames    video frames the file declares (0 when it does not)
 * @param hasAudio  whether it has an audio stream
 */
public record InputProbe(boolean hasVideo, int width, int height, double frameRate, long frames, boolean hasAudio) {

    /** For inputs that are not probed (live streams): nothing known, video assumed. */
    static final InputProbe UNKNOWN = new InputProbe(true, 0, 0, 0, 0, false);

    public static InputProbe of(String file) throws IOException {
        try (FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(file)) {
            grabber.start();
            double rate = grabber.getVideoFrameRate();
            boolean video = grabber.hasVideo();
            return new InputProbe(video, video ? grabber.getImageWidth() : 0, video ? grabber.getImageHeight() : 0,
                    video && Double.isFinite(rate) && rate > 0 && rate < 1000 ? rate : 0,
                    video ? Math.max(0, grabber.getLengthInVideoFrames()) : 0, grabber.hasAudio());
        } catch (FrameGrabber.Exception e) {
            throw new IOException(file + " is not a video FFmpeg can read", e);
        }
    }
}
