package dev.veil.sink;

import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.OpenCVFrameConverter;
import org.bytedeco.opencv.global.opencv_imgproc;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Point;
import org.bytedeco.opencv.opencv_core.Rect;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The MP4 writer, read back with FFmpeg as a player would, with each of its two encoders where it matters. */
class VideoFileWriterTest {

    @TempDir
    Path dir;

    /** Skips the machine's OpenH264 where it is not installed (CI installs it: .ci/run). */
    static void assumeAvailable(H264EncoderChoice encoder) {
        assumeTrue(encoder != H264EncoderChoice.SYSTEM || SystemOpenH264.find().library().isPresent(),
                () -> "the machine has no OpenH264 of its own: " + SystemOpenH264.find().whyNot());
    }

    @ParameterizedTest
    @EnumSource(value = H264EncoderChoice.class, names = {"SYSTEM", "FFMPEG"})
    void aVariableFrameRateKeepsEveryPicturesTime(H264EncoderChoice encoder) throws Exception {
        assumeAvailable(encoder);
        // 2 s at 30 fps, then 4 s at 15 fps (a phone slowing down in the dark): 6 s in all, averaging 20 fps.
        List<Long> times = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            times.add(Math.round(i * 1_000_000 / 30.0));
        }
        for (int i = 0; i < 60; i++) {
            times.add(2_000_000 + Math.round(i * 1_000_000 / 15.0));
        }
        Path file = dir.resolve("vfr.mp4");
        try (VideoFileWriter writer = new VideoFileWriter(file, 20, encoder)) {
            for (int i = 0; i < times.size(); i++) {
                try (Mat picture = picture(320, 240, i)) {
                    writer.write(picture, times.get(i));
                }
            }
        }

        List<Long> read = new ArrayList<>();
        long duration;
        try (FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(file.toFile())) {
            grabber.start();
            while (grabber.grabImage() != null) {
                read.add(grabber.getTimestamp());
            }
            duration = grabber.getLengthInTime();
        }
        assertEquals(times.size(), read.size());
        for (int i = 0; i < times.size(); i++) {
            // The track's 90 kHz clock: within 11 µs; a frame grid would be off by up to half a second here.
            assertTrue(Math.abs(read.get(i) - times.get(i)) <= 20, "picture " + i + " at " + read.get(i)
                    + " µs, written at " + times.get(i));
        }
        long lastFrame = Math.round(1_000_000 / 15.0);
        assertTrue(Math.abs(duration - (times.get(times.size() - 1) + lastFrame)) <= lastFrame,
                "the file lasts as long as its pictures, within a frame: " + duration + " µs");
    }

    @ParameterizedTest
    @EnumSource(value = H264EncoderChoice.class, names = {"SYSTEM", "FFMPEG"})
    void colorsSurviveTheFileAtTheFirstSizeOddSidesAndAnotherSize(H264EncoderChoice encoder) throws Exception {
        assumeAvailable(encoder);
        // Four flat quarters, blue, green, red and grey: the first pictures at an odd size (a column and a row
        // dropped), the last at another size (scaled to the file's). Read back as a player would, each quarter's
        // middle keeps its colour within a few levels (H.264 at constant quality, and a round trip through 4:2:0).
        Path file = dir.resolve("colours.mp4");
        double[][] quarters = {{200, 40, 30}, {30, 190, 60}, {50, 40, 210}, {128, 128, 128}};
        try (VideoFileWriter writer = new VideoFileWriter(file, 30, encoder)) {
            for (int i = 0; i < 10; i++) {
                try (Mat picture = quarters(i < 8 ? 321 : 640, i < 8 ? 241 : 480, quarters)) {
                    writer.write(picture, i * 33_333L);
                }
            }
        }
        int pictures = 0;
        try (FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(file.toFile());
             OpenCVFrameConverter.ToMat toMat = new OpenCVFrameConverter.ToMat()) {
            grabber.start();
            assertEquals(320, grabber.getImageWidth());
            assertEquals(240, grabber.getImageHeight());
            Frame frame;
            while ((frame = grabber.grabImage()) != null) {
                Mat read = toMat.convert(frame);
                for (int q = 0; q < 4; q++) {
                    int x = (q % 2) * 160 + 80;
                    int y = (q / 2) * 120 + 60;
                    for (int c = 0; c < 3; c++) {
                        int got = read.ptr(y, x).get(c) & 0xff;
                        assertTrue(Math.abs(got - quarters[q][c]) <= 6, "picture " + pictures + ", quarter " + q
                                + ", channel " + c + ": " + got + " written as " + quarters[q][c]);
                    }
                }
                pictures++;
            }
        }
        assertEquals(10, pictures);
    }

    private static Mat quarters(int width, int height, double[][] colours) {
        Mat picture = new Mat(height, width, CV_8UC3);
        for (int q = 0; q < 4; q++) {
            int x0 = (q % 2) * width / 2;
            int y0 = (q / 2) * height / 2;
            try (Rect rect = new Rect(x0, y0, (q % 2 == 0 ? width / 2 : width - width / 2),
                    (q / 2 == 0 ? height / 2 : height - height / 2));
                 Mat region = picture.apply(rect);
                 Scalar colour = new Scalar(colours[q][0], colours[q][1], colours[q][2], 0)) {
                region.put(colour);
            }
        }
        return picture;
    }

    @Test
    void pictureTooSmallForH264IsRefusedOnceAndClearly() throws Exception {
        Path file = dir.resolve("tiny.mp4");
        VideoFileWriter writer = new VideoFileWriter(file, 25);
        IOException first;
        try (Mat dot = picture(1, 1, 0)) {
            first = assertThrows(IOException.class, () -> writer.write(dot, 0));
            assertTrue(first.getMessage().contains("1x1 pictures are too small for H.264"), first.getMessage());
            assertSame(first, assertThrows(IOException.class, () -> writer.write(dot, 40_000)),
                    "later pictures fail with the same reason, without trying again");
        }
        writer.close();
        assertEquals(0, writer.framesWritten());
        assertTrue(!Files.exists(file) || Files.size(file) == 0, "no playable-looking file is left");
    }

    @ParameterizedTest
    @EnumSource(value = H264EncoderChoice.class, names = {"SYSTEM", "FFMPEG"})
    void aPictureLargerThanOpenH264TakesIsRefusedClearly(H264EncoderChoice encoder) throws Exception {
        assumeAvailable(encoder);
        Path file = dir.resolve("huge.mp4");
        try (VideoFileWriter writer = new VideoFileWriter(file, 25, encoder); Mat huge = picture(9000, 1100, 0)) {
            IOException e = assertThrows(IOException.class, () -> writer.write(huge, 0));
            assertEquals("cannot write " + file + ": 9000x1100 pictures are larger than OpenH264 encodes (9437184"
                    + " pixels, 4096x2304, at most); scale the video down first", e.getMessage());
            assertEquals(Optional.empty(), writer.encoderName(), "no encoder was started");
        }
    }

    @Test
    void aFolderThatIsNotThereFailsOnTheFirstPicture() throws Exception {
        Path file = dir.resolve("missing").resolve("out.mp4");
        try (VideoFileWriter writer = new VideoFileWriter(file, 25); Mat picture = picture(64, 48, 0)) {
            IOException e = assertThrows(IOException.class, () -> writer.write(picture, 0));
            assertTrue(e.getMessage().contains("No such file or directory"), e.getMessage());
        }
    }

    private static Mat picture(int width, int height, int n) {
        Mat m = new Mat(height, width, CV_8UC3, new Scalar(40 + n % 150, 90, 160, 0));
        try (Point centre = new Point(n * 5 % Math.max(1, width), height / 2);
             Scalar white = new Scalar(255, 255, 255, 0)) {
            opencv_imgproc.circle(m, centre, Math.max(1, height / 8), white, -1, 8, 0);
        }
        return m;
    }
}
