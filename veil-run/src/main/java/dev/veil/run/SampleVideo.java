package dev.veil.run;

import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_AAC;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUV420P;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_AREA;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_LINEAR;

import dev.veil.frame.InvalidFrameException;
import dev.veil.frame.JpegCodec;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ShortBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.FrameRecorder;
import org.bytedeco.javacv.OpenCVFrameConverter;
import org.bytedeco.opencv.global.opencv_imgproc;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Point;
import org.bytedeco.opencv.opencv_core.Rect;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.bytedeco.opencv.opencv_core.Size;

/**
 * Videos made from a still picture by panning and zooming over it, as a camera would: the sample {@code veil
 * run} plays when it is given no input, and the test videos made from photos. H.264 (FFmpeg's libopenh264)
 * in MP4, with a quiet tone as audio track so that keeping the audio can be seen to work.
 */
public final class SampleVideo {

    /** The sample's picture: a public-domain NASA portrait (see sample/PROVENANCE.md). */
    private static final String PORTRAIT = "sample/astronaut.jpg";
    private static final String SAMPLE_NAME = "veil-sample-v1.mp4";

    /**
     * How the virtual camera moves.
     *
     * @param maxZoom  zoom at the middle of the clip (1 = the whole picture)
     * @param focusX   where it zooms toward, as a fraction of the picture's width
     * @param focusY   same, of its height
     */
    public record Camera(double maxZoom, double focusX, double focusY) {
    }

    private SampleVideo() {
    }

    /** Where the built-in sample is kept in {@code dir}. */
    static Path builtInFile(Path dir) {
        return dir.resolve(SAMPLE_NAME);
    }

    /** The built-in sample (made once, then reused from {@code dir}): 12 s of 1280x720 at 25 fps. */
    public static Path builtIn(Path dir) throws IOException {
        Path file = builtInFile(dir);
        if (Files.isRegularFile(file) && Files.size(file) > 0) {
            return file;
        }
        Files.createDirectories(dir);
        Path partial = Files.createTempFile(dir, "veil-sample", ".mp4");
        writeSample(partial, 12);
        Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return file;
    }

    /** The sample's content, {@code seconds} long, 1280x720 at 25 fps, with audio. */
    public static void writeSample(Path out, double seconds) throws IOException {
        writeSample(out, seconds, 1280, 720, 25, true);
    }

    /** The sample's content at another size and frame rate (16:9 sizes keep the scene whole). */
    public static void writeSample(Path out, double seconds, int width, int height, double fps, boolean withAudio)
            throws IOException {
        try (Mat scene = sampleScene()) {
            // The portrait's face is at about (0.71, 0.29) of the scene: zoom toward it.
            panAndZoom(scene, out, width, height, fps, seconds, new Camera(2.2, 0.71, 0.29), withAudio);
        }
    }

    /** Writes {@code seconds} of video of {@code picture} (8-bit BGR), letterboxed to the output's shape. */
    public static void panAndZoom(Mat picture, Path out, int width, int height, double fps, double seconds,
                                  Camera camera, boolean withAudio) throws IOException {
        int frames = (int) Math.round(seconds * fps);
        try (Mat canvas = letterbox(picture, (double) width / height);
             FFmpegFrameRecorder recorder = new FFmpegFrameRecorder(out.toFile(), width, height, withAudio ? 1 : 0);
             OpenCVFrameConverter.ToMat converter = new OpenCVFrameConverter.ToMat();
             Mat frame = new Mat(height, width, CV_8UC3);
             Size size = new Size(width, height)) {
            recorder.setFormat("mp4");
            recorder.setVideoCodecName("libopenh264");
            recorder.setPixelFormat(AV_PIX_FMT_YUV420P);
            recorder.setFrameRate(fps);
            recorder.setGopSize((int) Math.round(fps * 2));
            recorder.setVideoBitrate((int) (width * height * fps * 0.25));
            if (withAudio) {
                recorder.setAudioCodec(AV_CODEC_ID_AAC);
                recorder.setSampleRate(44_100);
                recorder.setAudioBitrate(64_000);
            }
            recorder.start();
            double fx = offsetInCanvas(picture.cols(), canvas.cols()) + camera.focusX() * picture.cols();
            double fy = offsetInCanvas(picture.rows(), canvas.rows()) + camera.focusY() * picture.rows();
            long sample = 0;
            int samplesPerFrame = (int) Math.round(44_100 / fps);
            for (int i = 0; i < frames; i++) {
                double t = frames == 1 ? 0 : (double) i / (frames - 1);
                double zoom = 1 + (camera.maxZoom() - 1) * Math.sin(Math.PI * t);
                double w = canvas.cols() / zoom;
                double h = canvas.rows() / zoom;
                double progress = (zoom - 1) / Math.max(1e-9, camera.maxZoom() - 1);
                double cx = canvas.cols() / 2.0 + (fx - canvas.cols() / 2.0) * progress;
                double cy = canvas.rows() / 2.0 + (fy - canvas.rows() / 2.0) * progress;
                int x = (int) Math.round(Math.max(0, Math.min(canvas.cols() - w, cx - w / 2)));
                int y = (int) Math.round(Math.max(0, Math.min(canvas.rows() - h, cy - h / 2)));
                try (Rect window = new Rect(x, y, (int) Math.round(w), (int) Math.round(h)); Mat view = canvas.apply(window)) {
                    opencv_imgproc.resize(view, frame, size, 0, 0, zoom > 1.01 ? INTER_LINEAR : INTER_AREA);
                }
                recorder.setTimestamp(Math.round(i * 1_000_000 / fps));
                recorder.record(converter.convert(frame));
                if (withAudio) {
                    short[] tone = new short[samplesPerFrame];
                    for (int s = 0; s < tone.length; s++, sample++) {
                        tone[s] = (short) (3000 * Math.sin(2 * Math.PI * 330 * sample / 44_100.0));
                    }
                    recorder.recordSamples(ShortBuffer.wrap(tone));
                }
            }
            recorder.stop();
        } catch (FrameRecorder.Exception e) {
            throw new IOException("cannot write " + out + ": " + e.getMessage(), e);
        }
    }

    /** The picture centred on a neutral canvas of the given aspect ratio. */
    static Mat letterbox(Mat picture, double aspect) {
        int cw = Math.max(picture.cols(), (int) Math.ceil(picture.rows() * aspect));
        int ch = Math.max(picture.rows(), (int) Math.ceil(cw / aspect));
        Mat canvas = new Mat(ch, cw, CV_8UC3, new Scalar(96, 96, 96, 0));
        try (Rect at = new Rect(offsetInCanvas(picture.cols(), cw), offsetInCanvas(picture.rows(), ch),
                picture.cols(), picture.rows()); Mat target = canvas.apply(at)) {
            picture.copyTo(target);
        }
        return canvas;
    }

    private static int offsetInCanvas(int inner, int outer) {
        return (outer - inner) / 2;
    }

    /** A 16:9 scene: shapes on a gradient, with the portrait on the right. */
    private static Mat sampleScene() throws IOException {
        Mat scene = new Mat(720, 1280, CV_8UC3);
        for (int row = 0; row < 720; row++) {
            try (Mat line = scene.row(row); Scalar colour = new Scalar(60 + row / 6.0, 90 + row / 10.0, 120, 0)) {
                line.put(colour);
            }
        }
        try (Scalar white = new Scalar(235, 235, 235, 0); Scalar orange = new Scalar(40, 140, 230, 0)) {
            for (int i = 0; i < 6; i++) {
                try (Point centre = new Point(90 + i * 110, 160 + (i % 3) * 170)) {
                    opencv_imgproc.circle(scene, centre, 30 + 8 * i, i % 2 == 0 ? white : orange, -1, 16, 0);
                }
            }
            try (Point a = new Point(60, 620); Point b = new Point(620, 690)) {
                opencv_imgproc.rectangle(scene, a, b, white, -1, 8, 0);
            }
        }
        try (Mat portrait = portrait(); Mat scaled = new Mat(); Size size = new Size(600, 600);
             Rect at = new Rect(640, 60, 600, 600); Mat target = scene.apply(at)) {
            opencv_imgproc.resize(portrait, scaled, size, 0, 0, INTER_LINEAR);
            scaled.copyTo(target);
        }
        return scene;
    }

    /** The bundled public-domain portrait, decoded. */
    public static Mat portrait() throws IOException {
        try (InputStream in = SampleVideo.class.getResourceAsStream(PORTRAIT)) {
            if (in == null) {
                throw new IOException("the sample portrait " + PORTRAIT + " is missing from the jar");
            }
            return JpegCodec.decode(in.readAllBytes());
        } catch (InvalidFrameException e) {
            throw new UncheckedIOException(new IOException("the sample portrait does not decode", e));
        }
    }
}
