package dev.veil.bench;

import dev.veil.run.SampleVideo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.opencv.global.opencv_imgcodecs;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * The H.264 inputs {@code veil bench} measures with, made by the benchmark itself from the sample's public-domain
 * portrait (pan and zoom over a scene with a face, like a camera), and kept in a folder so that a second run
 * does not make them again.
 */
final class BenchVideos {

    /** Bumped when the content changes, so a stale cached file is never measured. */
    private static final String VERSION = "v1";

    /**
     * One input.
     *
     * @param name   how tables name it, e.g. {@code 4K (3840x2160) 15 fps}
     * @param file   the MP4 file
     * @param frames pictures in it
     */
    record Clip(String name, Path file, int width, int height, double fps, int frames) {
        String size() {
            return width + "x" + height;
        }
    }

    private BenchVideos() {
    }

    /** 720p at 30 fps, 1080p at 30 fps and 4K at 15 fps (the reference deployment's camera). */
    static List<Clip> standard(Path dir, boolean quick) throws IOException {
        List<Clip> clips = new ArrayList<>();
        clips.add(sample(dir, "720p", 1280, 720, 30, quick ? 4 : 12));
        clips.add(sample(dir, "1080p", 1920, 1080, 30, quick ? 2 : 8));
        clips.add(sample(dir, "4K", 3840, 2160, 15, quick ? 2 : 8));
        return clips;
    }

    static Clip sample(Path dir, String label, int width, int height, double fps, double seconds) throws IOException {
        Path file = dir.resolve(String.format("veil-bench-%s-%dx%d-%dfps-%ds-%s.mp4", "sample", width, height,
                Math.round(fps), Math.round(seconds), VERSION));
        if (!isMade(file)) {
            make(file, out -> SampleVideo.writeSample(out, seconds, width, height, fps, false));
        }
        return new Clip(String.format("%s (%dx%d) %s fps", label, width, height, formatFps(fps)), file, width, height,
                fps, (int) Math.round(seconds * fps));
    }

    /** A 720p clip panning over one of the shared photos (test data beside the checkout, never shipped). */
    static Clip fromPhoto(Path dir, Path photo, SampleVideo.Camera camera, double fps, double seconds)
            throws IOException {
        String stem = photo.getFileName().toString().replaceFirst("\\.[^.]+$", "");
        Path file = dir.resolve(String.format("veil-bench-%s-1280x720-%dfps-%ds-%s.mp4", stem, Math.round(fps),
                Math.round(seconds), VERSION));
        if (!isMade(file)) {
            make(file, out -> {
                try (Mat picture = opencv_imgcodecs.imread(photo.toString())) {
                    if (picture.empty()) {
                        throw new IOException(photo + " is not a picture OpenCV can read");
                    }
                    SampleVideo.panAndZoom(picture, out, 1280, 720, fps, seconds, camera, false);
                }
            });
        }
        return new Clip(stem + " (1280x720) " + formatFps(fps) + " fps", file, 1280, 720, fps,
                (int) Math.round(seconds * fps));
    }

    @FunctionalInterface
    private interface Writer {
        void write(Path out) throws IOException;
    }

    private static boolean isMade(Path file) throws IOException {
        return Files.isRegularFile(file) && Files.size(file) > 0;
    }

    private static void make(Path file, Writer writer) throws IOException {
        Files.createDirectories(file.getParent());
        Path partial = Files.createTempFile(file.getParent(), "partial", ".mp4");
        try {
            writer.write(partial);
            Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(partial);
        }
    }

    private static String formatFps(double fps) {
        return fps == Math.rint(fps) ? Long.toString(Math.round(fps)) : Double.toString(fps);
    }
}
