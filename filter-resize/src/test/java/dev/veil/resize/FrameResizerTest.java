package dev.veil.resize;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.veil.frame.JpegCodec;
import dev.veil.frame.JpegSize;
import dev.veil.frame.TestJpegs;
import dev.veil.frame.v1.Frame;
import org.bytedeco.opencv.opencv_core.Mat;
import org.junit.jupiter.api.Test;

class FrameResizerTest {

    private final FrameResizer hd = new FrameResizer(new ResizeConfig(1280, 720, 90, false));

    @Test
    void fourKFitsTheBoxExactly() {
        assertEquals(new FrameResizer.Dimensions(1280, 720), hd.target(3840, 2160));
    }

    @Test
    void aspectRatioIsKeptAndSidesAreEven() {
        assertEquals(new FrameResizer.Dimensions(540, 720), hd.target(810, 1080)); // portrait: height bound
        assertEquals(new FrameResizer.Dimensions(1280, 218), hd.target(2470, 420)); // 1280*420/2470 = 217.6
        assertEquals(new FrameResizer.Dimensions(1280, 720), hd.target(1282, 721));
    }

    @Test
    void smallFramesAreLeftAloneUnlessUpscalingIsOn() {
        assertEquals(new FrameResizer.Dimensions(640, 360), hd.target(640, 360));
        FrameResizer up = new FrameResizer(new ResizeConfig(1280, 720, 90, true));
        assertEquals(new FrameResizer.Dimensions(1280, 720), up.target(640, 360));
    }

    @Test
    void aLargeFrameIsScaledAndReEncoded() throws Exception {
        Frame frame = TestJpegs.frame("cam", 5, 1920, 1080).build();
        Frame out = hd.resize(frame);
        assertEquals(1280, out.getWidth());
        assertEquals(720, out.getHeight());
        assertEquals(new JpegSize(1280, 720), JpegSize.of(out.getJpeg().toByteArray()));
        assertEquals(frame.getSequence(), out.getSequence());
        assertEquals(frame.getCaptureTimeMicros(), out.getCaptureTimeMicros());
        try (Mat image = JpegCodec.decode(out.getJpeg().toByteArray())) {
            // The white rectangle of the test picture covers the middle: it must still be there, scaled.
            assertTrue(image.ptr(360, 640).get(0) > (byte) 200 || (image.ptr(360, 640).get(0) & 0xFF) > 200);
        }
    }

    @Test
    void aFrameThatAlreadyFitsIsPassedThroughWithoutReEncoding() throws Exception {
        Frame frame = TestJpegs.frame("cam", 1, 640, 360).build();
        assertSame(frame, hd.resize(frame));
    }
}
