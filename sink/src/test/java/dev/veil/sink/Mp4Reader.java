package dev.veil.sink;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.OpenCVFrameConverter;
import org.bytedeco.opencv.opencv_core.Mat;

/** Reads back what the sink wrote, as a player would: FFmpeg demuxes and decodes every picture. */
public final class Mp4Reader {

    private Mp4Reader() {
    }

    /** What a player finds in an MP4 file. */
    record Video(String codec, int width, int height, List<Mat> pictures) implements AutoCloseable {
        @Override
        public void close() {
            pictures.forEach(Mat::close);
        }
    }

    static Video read(Path file) throws IOException {
        try (FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(file.toFile());
             OpenCVFrameConverter.ToMat converter = new OpenCVFrameConverter.ToMat()) {
            grabber.start();
            List<Mat> pictures = new ArrayList<>();
            Frame frame;
            while ((frame = grabber.grabImage()) != null) {
                pictures.add(converter.convert(frame).clone());
            }
            Video video = new Video(grabber.getVideoCodecName(), grabber.getImageWidth(), grabber.getImageHeight(), pictures);
            grabber.stop();
            return video;
        }
    }

    public static int countPictures(Path file) throws IOException {
        try (FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(file.toFile())) {
            grabber.start();
            int n = 0;
            while (grabber.grabImage() != null) {
                n++;
            }
            return n;
        }
    }

    /** The finished segments in a folder ({@code *.mp4}, sorted by name, which is by time). */
    static List<Path> segments(Path folder) throws IOException {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".mp4")).sorted().toList();
        }
    }

    /** Every file in a folder, hidden ones included. */
    static List<String> allNames(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.map(f -> f.getFileName().toString()).sorted().toList();
        }
    }
}
