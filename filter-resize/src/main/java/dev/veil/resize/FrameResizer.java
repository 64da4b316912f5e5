package dev.veil.resize;

import static org.bytedeco.opencv.global.opencv_imgproc.INTER_AREA;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_LINEAR;

import dev.veil.frame.InvalidFrameException;
import dev.veil.frame.StageClock;
import dev.veil.stage.FitInBox;
import dev.veil.stage.FrameDropped;
import dev.veil.stage.MapStage;
import dev.veil.stage.Picture;
import dev.veil.stage.VideoFrame;
import java.util.concurrent.atomic.AtomicLong;
import org.bytedeco.opencv.global.opencv_imgproc;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Size;

/**
 * The filter-resize stage: scales each frame's picture to fit the display box, keeping its aspect ratio
 * ({@link FitInBox}). A frame that already fits goes on untouched: its picture is not even decoded. Thread-safe.
 */
public final class FrameResizer implements MapStage {

    private final ResizeConfig config;
    private final AtomicLong resized = new AtomicLong();

    public FrameResizer(ResizeConfig config) {
        this.config = config;
    }

    @Override
    public String name() {
        return StageClock.RESIZE;
    }

    /** The size a {@code width x height} frame gets ({@link FitInBox}). */
    public FitInBox.Size target(int width, int height) {
        return FitInBox.fit(width, height, config.maxWidth(), config.maxHeight(), config.upscale());
    }

    @Override
    public VideoFrame process(VideoFrame frame) throws FrameDropped {
        Picture picture = frame.picture();
        FitInBox.Size target = target(picture.width(), picture.height());
        if (target.width() == picture.width() && target.height() == picture.height()) {
            return frame; // no decode, no second JPEG generation
        }
        Mat scaled = new Mat();
        try (Size size = new Size(target.width(), target.height())) {
            Mat source = picture.pixels();
            boolean shrinking = target.width() < source.cols();
            opencv_imgproc.resize(source, scaled, size, 0, 0, shrinking ? INTER_AREA : INTER_LINEAR);
        } catch (InvalidFrameException | RuntimeException e) {
            scaled.close();
            throw new FrameDropped("picture cannot be resized", e.getMessage(), e);
        }
        resized.incrementAndGet();
        picture.close();
        return new VideoFrame(frame.info(), Picture.of(scaled));
    }

    /** Frames whose picture was scaled (the others went on untouched). */
    public long resized() {
        return resized.get();
    }
}
