package dev.veil.sink;

import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;
import static org.bytedeco.opencv.global.opencv_core.PSNR;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.OpenCVFrameConverter;
import org.bytedeco.opencv.global.opencv_imgproc;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Point;
import org.bytedeco.opencv.opencv_core.Rect;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.bytedeco.opencv.opencv_core.Size;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The two H.264 encoders: the machine's OpenH264 gives the pictures FFmpeg's gives, and each choice says clearly what
 * it uses or why it cannot. Files are read back with FFmpeg's decoder, as a player would.
 */
class H264EncoderTest {

    private static final int WIDTH = 640;
    private static final int HEIGHT = 360;
    private static final int PICTURES = 40;

    @TempDir
    Path dir;

    @Test
    void theMachinesOpenH264GivesThePicturesFfmpegsGives() throws Exception {
        VideoFileWriterTest.assumeAvailable(H264EncoderChoice.SYSTEM);
        List<Mat> written = movingTexture();
        try {
            Path system = write(dir.resolve("system.mp4"), H264EncoderChoice.SYSTEM, written);
            Path ffmpeg = write(dir.resolve("ffmpeg.mp4"), H264EncoderChoice.FFMPEG, written);
            List<Mat> fromSystem = read(system);
            List<Mat> fromFfmpeg = read(ffmpeg);
            try {
                assertEquals(PICTURES, fromSystem.size());
                assertEquals(PICTURES, fromFfmpeg.size());
                for (int i = 0; i < PICTURES; i++) {
                    double systemPsnr = PSNR(written.get(i), fromSystem.get(i));
                    double ffmpegPsnr = PSNR(written.get(i), fromFfmpeg.get(i));
                    double between = PSNR(fromSystem.get(i), fromFfmpeg.get(i));
                    // The same encoder at the same quantizer keeps the same detail: 26 dB here (the noise's colours do
                    // not survive 4:2:0), and the same pixels (Debian's OpenH264 2.3.1 against FFmpeg's 2.6.0, checked
                    // when written); a wrong quantizer, size or slice layout moves these by a few dB.
                    assertTrue(systemPsnr > 20, "picture " + i + ": " + systemPsnr + " dB against what was written");
                    assertTrue(Math.abs(systemPsnr - ffmpegPsnr) < 0.3, "picture " + i + ": the machine's "
                            + systemPsnr + " dB, FFmpeg's " + ffmpegPsnr + " dB");
                    assertTrue(between > 45, "picture " + i + ": the two decodes differ, " + between + " dB");
                }
                long systemBytes = Files.size(system);
                long ffmpegBytes = Files.size(ffmpeg);
                assertTrue(Math.abs(systemBytes - ffmpegBytes) < ffmpegBytes / 50,
                        "files of " + systemBytes + " and " + ffmpegBytes + " bytes");
            } finally {
                fromSystem.forEach(Mat::close);
                fromFfmpeg.forEach(Mat::close);
            }
        } finally {
            written.forEach(Mat::close);
        }
    }

    @Test
    void eachChoiceNamesTheEncoderItUses() throws Exception {
        VideoFileWriterTest.assumeAvailable(H264EncoderChoice.SYSTEM);
        for (H264EncoderChoice choice : H264EncoderChoice.values()) {
            try (VideoFileWriter writer = new VideoFileWriter(dir.resolve(choice + ".mp4"), 30, choice);
                 Mat picture = new Mat(HEIGHT, WIDTH, CV_8UC3, new Scalar(90, 120, 150, 0))) {
                assertEquals(Optional.empty(), writer.encoderName(), "no encoder before the first picture");
                writer.write(picture, 0);
                String name = writer.encoderName().orElseThrow();
                assertTrue(choice == H264EncoderChoice.FFMPEG ? name.startsWith("FFmpeg's OpenH264")
                        : name.matches("OpenH264 2\\.\\d+\\.\\d+ \\(libopenh264\\.so\\.[78], the machine's\\)"),
                        choice + ": " + name);
            }
        }
    }

    @Test
    void withoutTheMachinesLibraryAutoFallsBackAndSystemSaysWhatToInstall() throws Exception {
        SystemOpenH264.Lookup missing = SystemOpenH264.find(List.of(
                new SystemOpenH264.Abi("libveil-no-such-openh264.so.7", 920, 72, 5144, 40, 5128)));
        assertTrue(missing.library().isEmpty());
        assertEquals("libveil-no-such-openh264.so.7 is not installed", missing.whyNot());

        try (H264Encoder fallback = H264EncoderChoice.AUTO.open(WIDTH, HEIGHT, 30, 60, missing)) {
            assertTrue(fallback.name().startsWith("FFmpeg's OpenH264"), fallback.name());
        }
        IOException refused = assertThrows(IOException.class,
                () -> H264EncoderChoice.SYSTEM.open(WIDTH, HEIGHT, 30, 60, missing).close());
        assertEquals("the machine's OpenH264 was asked for (VEIL_H264_ENCODER system) and cannot be used:"
                + " libveil-no-such-openh264.so.7 is not installed; install libopenh264-7 or libopenh264-8, or choose"
                + " ffmpeg (built in, about four times the CPU)", refused.getMessage());
    }

    @Test
    void aLibraryThatIsNotOpenH264IsNotUsed() {
        // zlib is on every machine that runs Java; it has a soname but not OpenH264's functions.
        SystemOpenH264.Lookup notIt = SystemOpenH264.find(List.of(
                new SystemOpenH264.Abi("libz.so.1", 920, 72, 5144, 40, 5128)));
        assertTrue(notIt.library().isEmpty());
        assertTrue(notIt.whyNot().startsWith("libz.so.1 lacks OpenH264's encoder"), notIt.whyNot());
    }

    @Test
    void theMachinesEncoderRefusesAPictureTooLargeClearly() throws Exception {
        VideoFileWriterTest.assumeAvailable(H264EncoderChoice.SYSTEM);
        SystemOpenH264.Library library = SystemOpenH264.find().library().orElseThrow();
        // OpenH264 takes at most 9,437,184 pixels a picture (4096x2304): 8K is refused at start, not crashed on.
        IOException e = assertThrows(IOException.class,
                () -> SystemOpenH264Encoder.open(library, 7680, 4320, 30, 60).close());
        assertTrue(e.getMessage().startsWith(library.describe() + " failed starting for 7680x4320 pictures (error"),
                e.getMessage());
    }

    /** A textured picture panning by a few pixels a frame, with a disc crossing it: what an encoder must track. */
    private static List<Mat> movingTexture() {
        Mat texture = new Mat(HEIGHT + 64, WIDTH + 128, CV_8UC3);
        SplittableRandom random = new SplittableRandom(11);
        try (Mat noise = new Mat(texture.rows() / 8, texture.cols() / 8, CV_8UC3);
             Size size = new Size(texture.cols(), texture.rows())) {
            byte[] bytes = new byte[(int) (noise.total() * 3)];
            for (int i = 0; i < bytes.length; i++) {
                bytes[i] = (byte) random.nextInt(256);
            }
            noise.data().put(bytes);
            opencv_imgproc.resize(noise, texture, size, 0, 0, opencv_imgproc.INTER_CUBIC);
        }
        List<Mat> pictures = new ArrayList<>();
        for (int i = 0; i < PICTURES; i++) {
            try (Rect view = new Rect(i * 3, i, WIDTH, HEIGHT); Mat window = texture.apply(view);
                 Point centre = new Point(40 + i * 14, HEIGHT / 2); Scalar white = new Scalar(250, 250, 250, 0)) {
                Mat picture = window.clone();
                opencv_imgproc.circle(picture, centre, 30, white, -1, 8, 0);
                pictures.add(picture);
            }
        }
        texture.close();
        return pictures;
    }

    private static Path write(Path file, H264EncoderChoice choice, List<Mat> pictures) throws IOException {
        try (VideoFileWriter writer = new VideoFileWriter(file, 30, choice)) {
            for (int i = 0; i < pictures.size(); i++) {
                writer.write(pictures.get(i), i * 33_333L);
            }
        }
        return file;
    }

    private static List<Mat> read(Path file) throws Exception {
        List<Mat> pictures = new ArrayList<>();
        try (FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(file.toFile());
             OpenCVFrameConverter.ToMat toMat = new OpenCVFrameConverter.ToMat()) {
            grabber.start();
            Frame frame;
            while ((frame = grabber.grabImage()) != null) {
                pictures.add(toMat.convert(frame).clone());
            }
        }
        return pictures;
    }
}
