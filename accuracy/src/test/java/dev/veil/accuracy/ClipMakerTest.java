package dev.veil.accuracy;

import static org.bytedeco.opencv.global.opencv_core.PSNR;
import static org.bytedeco.opencv.global.opencv_core.minMaxLoc;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_COLOR;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imread;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_LINEAR;
import static org.bytedeco.opencv.global.opencv_imgproc.TM_CCOEFF_NORMED;
import static org.bytedeco.opencv.global.opencv_imgproc.matchTemplate;
import static org.bytedeco.opencv.global.opencv_imgproc.resize;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.OpenCVFrameConverter;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Point;
import org.bytedeco.opencv.opencv_core.Rect;
import org.bytedeco.opencv.opencv_core.Size;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Clips of the repository's own portrait (no ../shared needed): frames as drawn, truth on the face. */
class ClipMakerTest {

    /** Zooms to 2x toward the portrait's face, at about (0.44, 0.23) of the picture. */
    private static final Camera TO_FACE = new Camera("to-face", 2, 0.44, 0.23);
    private static final int FRAMES = 31;
    private static final int MIDDLE = 15;

    @TempDir
    static Path cache;

    private static LocatedPhoto portrait;
    private static Clip clip;
    private static List<Mat> decoded;

    @BeforeAll
    static void makeTheClip() throws IOException {
        portrait = TruthSet.load().locate(TestPhotos.portraitFolder()).photos().get(0);
        clip = new ClipMaker(cache).make(portrait, ClipSpec.of(TO_FACE, FRAMES));
        decoded = decode(clip.file());
    }

    @Test
    void theClipIs720p30H264OfTheAskedLength() throws IOException {
        assertEquals(FRAMES, decoded.size());
        assertEquals(1280, decoded.get(0).cols());
        assertEquals(720, decoded.get(0).rows());
        try (FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(clip.file().toFile())) {
            grabber.start();
            assertEquals("h264", grabber.getVideoCodecName());
            assertEquals(30, grabber.getFrameRate(), 0.01);
            grabber.stop();
        }
        assertTrue(clip.file().getFileName().toString().matches("astronaut-to-face-1280x720-31f-[0-9a-f]{16}\\.mp4"),
                clip.file().toString());
        assertEquals("astronaut.jpg/to-face", clip.name());
    }

    @Test
    void decodedFramesAreTheRenderedFrames() {
        try (Mat photo = imread(portrait.file().toString(), IMREAD_COLOR);
             PanZoomRenderer renderer = new PanZoomRenderer(photo, clip.path());
             Mat first = new Mat(); Mat middle = new Mat(); Mat last = new Mat()) {
            renderer.render(0, first);
            renderer.render(MIDDLE, middle);
            renderer.render(FRAMES - 1, last);
            double psnrFirst = PSNR(decoded.get(0), first);
            double psnrMiddle = PSNR(decoded.get(MIDDLE), middle);
            double psnrLast = PSNR(decoded.get(FRAMES - 1), last);
            // H.264 at 0.25 bits per pixel keeps about 35-40 dB here; another frame of the same clip is far off.
            assertTrue(psnrFirst > 30 && psnrMiddle > 30 && psnrLast > 30,
                    "PSNR " + psnrFirst + ", " + psnrMiddle + ", " + psnrLast + " dB");
            double mismatched = PSNR(decoded.get(MIDDLE), first);
            assertTrue(mismatched < psnrMiddle - 10, "frame 15 against frame 0: " + mismatched + " dB");
        }
    }

    @Test
    void theTruthLandsOnTheFaceInTheDecodedFrames() {
        TruthPhoto truth = portrait.truth();
        Box face = truth.boxes().get(0);
        try (Mat photo = imread(portrait.file().toString(), IMREAD_COLOR)) {
            for (int frame : new int[] {0, 8, MIDDLE}) {
                FrameTruth t = clip.truth().get(frame);
                assertEquals(1, t.faces().size(), "frame " + frame);
                Box inFrame = t.faces().get(0);
                assertEquals(clip.path().toFrame(face, frame), inFrame, "frame " + frame + " holds the face whole");
                // The face's pixels, scaled as the frame scales the photo, are found in the decoded frame where the
                // truth says: within a pixel of its corner.
                Point at = bestMatch(photo, face, decoded.get(frame), inFrame);
                assertEquals(inFrame.xMin(), at.x(), 1.0, "frame " + frame + " x");
                assertEquals(inFrame.yMin(), at.y(), 1.0, "frame " + frame + " y");
            }
        }
        // At the middle frame the zoom is 2: the window is 456x257 canvas pixels, so the 123.8 px tall face is
        // 123.8 * 720 / 257 = 347 px tall in the frame.
        Box middle = clip.truth().get(MIDDLE).faces().get(0);
        assertEquals(new CameraPath.Window(197, 0, 456, 257), clip.path().window(MIDDLE));
        assertEquals(face.height() * 720 / 257, middle.height(), 1e-9);
        assertEquals(SizeBucket.OVER_64, SizeBucket.of(middle.height(), 720));
    }

    @Test
    void aFaceLeavingTheWindowLeavesTheFramesTruth() {
        // Zoom 3 toward the top left corner: the middle frame shows canvas x 47..351, the face is at 376..471.
        CameraPath corner = new CameraPath(new Camera("corner", 3, 0, 0), 512, 512, 1280, 720, 3);
        List<FrameTruth> truth = Clip.truthAlong(portrait.truth(), corner);
        assertEquals(1, truth.get(0).faces().size());
        assertEquals(List.of(), truth.get(1).faces());
        assertEquals(List.of(), truth.get(1).barelyVisible());
        assertEquals(1, truth.get(2).faces().size());
    }

    @Test
    void clipsAreMadeOncePerContent() throws IOException {
        FileTime made = Files.getLastModifiedTime(clip.file());
        Clip again = new ClipMaker(cache).make(portrait, ClipSpec.of(TO_FACE, FRAMES));
        assertEquals(clip.file(), again.file());
        assertEquals(made, Files.getLastModifiedTime(again.file()), "reused, not written again");
        assertEquals(clip.truth(), again.truth());
        ClipSpec longer = ClipSpec.of(TO_FACE, FRAMES + 1);
        ClipSpec otherCamera = ClipSpec.of(new Camera("to-face", 2, 0.45, 0.23), FRAMES);
        assertNotEquals(ClipMaker.fileName(portrait.truth(), ClipSpec.of(TO_FACE, FRAMES)),
                ClipMaker.fileName(portrait.truth(), longer));
        assertNotEquals(ClipMaker.fileName(portrait.truth(), ClipSpec.of(TO_FACE, FRAMES)),
                ClipMaker.fileName(portrait.truth(), otherCamera), "same name, other focus: another clip");
    }

    @Test
    void theCrowdsTruthFollowsTheCameraWithoutThePhoto() {
        // The truth alone (in this module's resources) gives every frame's faces: at zoom 1 all of test.jpg's faces
        // show, scaled by 1280 / 2048.
        TruthPhoto crowd = TruthSet.load().photo("test.jpg");
        CameraPath wide = new CameraPath(Camera.WIDE, crowd.width(), crowd.height(), 1280, 720, FRAMES);
        FrameTruth first = Clip.truthAlong(crowd, wide).get(0);
        assertEquals(crowd.faces().size(), first.faces().size());
        Box photoFace = crowd.boxes().get(0);
        assertEquals(photoFace.translated(0, 1).scaled(0.625, 0.625), first.faces().get(0));
    }

    /** Where the photo's face region, scaled to the frame, matches the frame best, searched near {@code expected}. */
    private static Point bestMatch(Mat photo, Box face, Mat frame, Box expected) {
        int x = (int) Math.floor(face.xMin());
        int y = (int) Math.floor(face.yMin());
        int w = (int) Math.floor(face.xMax()) - x;
        int h = (int) Math.floor(face.yMax()) - y;
        double sx = expected.width() / face.width();
        double sy = expected.height() / face.height();
        int search = 16;
        int tw = (int) Math.round(w * sx);
        int th = (int) Math.round(h * sy);
        int fx = Math.max(0, (int) Math.round(expected.xMin() + (x - face.xMin()) * sx) - search);
        int fy = Math.max(0, (int) Math.round(expected.yMin() + (y - face.yMin()) * sy) - search);
        int fw = Math.min(frame.cols() - fx, tw + 2 * search);
        int fh = Math.min(frame.rows() - fy, th + 2 * search);
        try (Rect from = new Rect(x, y, w, h); Mat crop = photo.apply(from); Mat template = new Mat();
             Size size = new Size(tw, th); Rect area = new Rect(fx, fy, fw, fh); Mat region = frame.apply(area);
             Mat result = new Mat(); DoublePointer min = new DoublePointer(1); DoublePointer max = new DoublePointer(1);
             Point minAt = new Point(); Point maxAt = new Point()) {
            resize(crop, template, size, 0, 0, INTER_LINEAR);
            matchTemplate(region, template, result, TM_CCOEFF_NORMED);
            minMaxLoc(result, min, max, minAt, maxAt, null);
            assertTrue(max.get() > 0.9, "the face matches only at " + max.get());
            // Back to the box's own corner (the crop started at whole pixels).
            return new Point((int) Math.round(fx + maxAt.x() - (x - face.xMin()) * sx),
                    (int) Math.round(fy + maxAt.y() - (y - face.yMin()) * sy));
        }
    }

    private static List<Mat> decode(Path file) throws IOException {
        List<Mat> frames = new ArrayList<>();
        try (FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(file.toFile());
             OpenCVFrameConverter.ToMat converter = new OpenCVFrameConverter.ToMat()) {
            grabber.start();
            for (Frame f; (f = grabber.grabImage()) != null; ) {
                frames.add(converter.convert(f).clone());
            }
            grabber.stop();
        }
        return frames;
    }
}
