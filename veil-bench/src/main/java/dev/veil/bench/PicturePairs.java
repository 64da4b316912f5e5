package dev.veil.bench;

import java.io.IOException;
import java.nio.file.Path;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.FrameGrabber;
import org.bytedeco.javacv.OpenCVFrameConverter;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * An input video and Veil's output of it, walked picture by picture side by side: what the accuracy judge and the
 * coverage check both compare. Pictures beyond the shorter of the two are counted, not compared.
 */
final class PicturePairs {

    /** One pair: the {@code index}th picture of the input and of the output, valid only during the call. */
    @FunctionalInterface
    interface Visitor {
        void visit(int index, Mat original, Mat shown) throws IOException;
    }

    /** How many pictures each video held, and whether the output kept an audio track. */
    record Counts(int inputFrames, int outputFrames, boolean outputHasAudio) {
    }

    private PicturePairs() {
    }

    static Counts walk(Path input, Path output, Visitor visitor) throws IOException {
        int inputFrames = 0;
        int outputFrames = 0;
        try (FFmpegFrameGrabber in = new FFmpegFrameGrabber(input.toFile());
             FFmpegFrameGrabber out = new FFmpegFrameGrabber(output.toFile());
             OpenCVFrameConverter.ToMat toMatIn = new OpenCVFrameConverter.ToMat();
             OpenCVFrameConverter.ToMat toMatOut = new OpenCVFrameConverter.ToMat()) {
            in.start();
            out.start();
            boolean audio = out.hasAudio();
            while (true) {
                Frame a = in.grabImage();
                Frame b = out.grabImage();
                inputFrames += a != null ? 1 : 0;
                outputFrames += b != null ? 1 : 0;
                if (a == null && b == null) {
                    break;
                }
                if (a == null) {
                    while (out.grabImage() != null) {
                        outputFrames++;
                    }
                    break;
                }
                if (b == null) {
                    while (in.grabImage() != null) {
                        inputFrames++;
                    }
                    break;
                }
                visitor.visit(inputFrames - 1, toMatIn.convert(a), toMatOut.convert(b));
            }
            return new Counts(inputFrames, outputFrames, audio);
        } catch (FrameGrabber.Exception e) {
            throw new IOException(e.getMessage(), e);
        }
    }
}
