package dev.veil.resize;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.veil.frame.TestJpegs;
import dev.veil.frame.v1.Frame;
import dev.veil.stage.FitInBox;
import dev.veil.stage.VideoFrame;
import dev.veil.stage.WireFrames;
import org.bytedeco.opencv.opencv_core.Mat;
import org.junit.jupiter.api.Test;

class FrameResizerTest {

    private final FrameResizer hd = new FrameResizer(new ResizeConfig(1280, 720, 90, false));

    @Test
    void fourKFitsTheBoxExactly() {
        assertEquals(new FitInBox.Size(1280, 720), hd.target(3840, 2160));
    }

    @Test
    void aspectRatioIsKeptAndSidesAreEven() {
        assertEquals(new FitInBox.Size(540, 720), hd.target(810, 1080)); // portrait: height bound
        assertEquals(new FitInBox.Size(1280, 218), hd.target(2470, 420)); // 1280*420/2470 = 217.6
        assertEquals(new FitInBox.Size(1280, 720), hd.target(1282, 721));
    }

    @Test
    void smallFramesAreLeftAloneUnlessUpscalingIsOn() {
        assertEquals(new FitInBox.Size(640, 360), hd.target(640, 360));
        FrameResizer up = new FrameResizer(new ResizeConfig(1280, 720, 90, true));
        assertEquals(new FitInBox.Size(1280, 720), up.target(640, 360));
    }

    @Test
    void aLargeFrameIsScaled() throws Exception {
        Frame frame = TestJpegs.frame("cam", 5, 1920, 1080).build();
        try (VideoFrame out = hd.process(WireFrames.fromProto(frame))) {
            assertEquals(1280, out.picture().width());
            assertEquals(720, out.picture().height());
            assertEquals(frame.getSequence(), out.info().sequence());
            assertEquals(frame.getCaptureTimeMicros(), out.info().captureMicros());
            Mat image = out.picture().pixels();
            assertEquals(1280, image.cols());
            assertEquals(720, image.rows());
            // The white rectangle of the test picture covers the middle: it must still be there, scaled.
            assertTrue((image.ptr(360, 640).get(0) & 0xFF) > 200);
            assertTrue(out.picture().unchangedJpeg().isEmpty(), "a scaled picture is not the JPEG it came as");
        }
        assertEquals(1, hd.resized());
    }

    @Test
    void aFrameThatAlreadyFitsIsPassedThroughWithoutDecodingOrReEncoding() throws Exception {
        Frame frame = TestJpegs.frame("cam", 1, 640, 360).build();
        VideoFrame in = WireFrames.fromProto(frame);
        try (VideoFrame out = hd.process(in)) {
            assertSame(in, out);
            assertFalse(out.picture().decoded(), "never decoded");
            assertArrayEquals(frame.getJpeg().toByteArray(), out.picture().unchangedJpeg().orElseThrow());
        }
        assertEquals(0, hd.resized());
    }
}
