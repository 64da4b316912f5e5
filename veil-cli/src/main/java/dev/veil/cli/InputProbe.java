package dev.veil.cli;

import java.io.IOException;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.FrameGrabber;

/**
 * What a video file is, read from its header before the pipeline starts: the MP4 writer needs the frame rate,
 * and the audio can only be kept if there is some.
 *
 * @param frameRate video frames per second (0 when the file does not say)
 * @param frames    video frames the file declares (0 when it does not)
 * @param hasAudio  whether it has an audio stream
 */
record InputProbe(double frameRate, long frames, boolean hasAudio) {

    /** For inputs that are not probed (live streams): nothing known. */
    static final InputProbe UNKNOWN = new InputProbe(0, 0, false);

    static InputProbe of(String file) throws IOException {
        try (FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(file)) {
            grabber.start();
            double rate = grabber.getVideoFrameRate();
            return new InputProbe(Double.isFinite(rate) && rate > 0 && rate < 1000 ? rate : 0,
                    Math.max(0, grabber.getLengthInVideoFrames()), grabber.hasAudio());
        } catch (FrameGrabber.Exception e) {
            throw new IOException(file + " is not a video FFmpeg can read", e);
        }
    }
}
