package dev.veil.accuracy;

import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUV420P;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_COLOR;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imread;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.FrameRecorder;
import org.bytedeco.javacv.OpenCVFrameConverter;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * Makes pan/zoom clips of the set's photos: H.264 (FFmpeg's libopenh264, yuv420p) in MP4, 0.25 bits per pixel and a
 * keyframe every 2 s as veil-run's sample video, no audio. A clip is made once per content and then reused from the
 * cache folder: its file name carries a hash of everything that decides its pixels (this maker's {@link #VERSION},
 * the photo's SHA-256, the camera and the clip's size, rate and length).
 */
public final class ClipMaker {

    /** Raise it whenever the frames or their encoding change, so that no clip of an older maker is reused. */
    public static final int VERSION = 1;
    public static final double BITS_PER_PIXEL = 0.25;
    public static final double KEYFRAME_SECONDS = 2;

    private final Path cache;

    /** @param cache the folder clips are kept in (made when missing) */
    public ClipMaker(Path cache) {
        this.cache = cache;
    }

    /** The clip of {@code photo} as {@code spec} says, from the cache or made now, with its truth. */
    public Clip make(LocatedPhoto photo, ClipSpec spec) throws IOException {
        TruthPhoto truth = photo.truth();
        CameraPath path = spec.pathOver(truth.width(), truth.height());
        Path file = cache.resolve(fileName(truth, spec));
        if (!Files.isRegularFile(file) || Files.size(file) == 0) {
            Files.createDirectories(cache);
            Path partial = Files.createTempFile(cache, ".partial-", ".mp4");
            try {
                write(photo, path, spec.fps(), partial);
                Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(partial);
            }
        }
        return new Clip(file, photo, path, Clip.truthAlong(truth, path));
    }

    /** {@code <photo>-<camera>-<w>x<h>-<n>f-<hash>.mp4}; the hash changes with anything that changes the pixels. */
    static String fileName(TruthPhoto truth, ClipSpec spec) {
        String stem = truth.fileName().replaceFirst("\\.[^.]*$", "").replaceAll("[^A-Za-z0-9-]", "_");
        Camera c = spec.camera();
        String content = String.join("|", "veil-accuracy-clip", "v" + VERSION, truth.sha256(), c.name(),
                Double.toString(c.maxZoom()), Double.toString(c.focusX()), Double.toString(c.focusY()),
                spec.width() + "x" + spec.height(), Double.toString(spec.fps()), Integer.toString(spec.frames()),
                Double.toString(BITS_PER_PIXEL), Double.toString(KEYFRAME_SECONDS));
        return String.format(Locale.ROOT, "%s-%s-%dx%d-%df-%s.mp4", stem, spec.camera().name(), spec.width(),
                spec.height(), spec.frames(), sha256(content).substring(0, 16));
    }

    private static void write(LocatedPhoto photo, CameraPath path, double fps, Path out) throws IOException {
        try (Mat picture = imread(photo.file().toString(), IMREAD_COLOR)) {
            if (picture.empty()) {
                throw new IOException("OpenCV cannot read " + photo.file());
            }
            try (PanZoomRenderer renderer = new PanZoomRenderer(picture, path);
                 FFmpegFrameRecorder recorder = new FFmpegFrameRecorder(out.toFile(), path.width(), path.height(), 0);
                 OpenCVFrameConverter.ToMat converter = new OpenCVFrameConverter.ToMat();
                 Mat frame = new Mat(path.height(), path.width(), CV_8UC3)) {
                recorder.setFormat("mp4");
                recorder.setVideoCodecName("libopenh264");
                recorder.setPixelFormat(AV_PIX_FMT_YUV420P);
                recorder.setFrameRate(fps);
                recorder.setGopSize((int) Math.round(fps * KEYFRAME_SECONDS));
                recorder.setVideoBitrate((int) (path.width() * path.height() * fps * BITS_PER_PIXEL));
                recorder.start();
                for (int i = 0; i < path.frames(); i++) {
                    renderer.render(i, frame);
                    recorder.setTimestamp(Math.round(i * 1_000_000 / fps));
                    recorder.record(converter.convert(frame));
                }
                recorder.stop();
            } catch (FrameRecorder.Exception e) {
                throw new IOException("cannot write the clip " + out + ": " + e.getMessage(), e);
            }
        }
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
