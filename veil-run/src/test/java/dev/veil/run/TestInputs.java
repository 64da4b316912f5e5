package dev.veil.run;

import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_AAC;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUV420P;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;

import dev.veil.sink.VideoFileWriter;
import java.io.IOException;
import java.nio.ShortBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.OpenCVFrameConverter;
import org.bytedeco.opencv.global.opencv_imgproc;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Point;
import org.bytedeco.opencv.opencv_core.Scalar;

/**
 * The awkward inputs {@code veil run} must answer truthfully, made by the tests with FFmpeg (no video is stored in
 * the repository): cut-off H.264, audio without video, a variable frame rate. Damaged copies and raw pictures of any
 * size come from source-rtsp's {@code TestVideos}.
 */
final class TestInputs {

    private TestInputs() {
    }

    /**
     * A moving synthetic clip in H.264: a ball crossing a coloured field, a key frame every second. {@code
     * faststart} puts the MP4 index before the pictures, as web and phone videos have it: such a file still opens
     * when its end is cut off.
     */
    static Path h264(Path file, int width, int height, int frames, double fps, boolean faststart) throws IOException {
        try (FFmpegFrameRecorder recorder = new FFmpegFrameRecorder(file.toFile(), width, height, 0);
             OpenCVFrameConverter.ToMat converter = new OpenCVFrameConverter.ToMat()) {
            recorder.setFormat("mp4");
            recorder.setVideoCodecName("libopenh264");
            recorder.setPixelFormat(AV_PIX_FMT_YUV420P);
            recorder.setFrameRate(fps);
            recorder.setVideoBitrate(width * height * 4);
            recorder.setGopSize((int) Math.round(fps));
            if (faststart) {
                recorder.setOption("movflags", "+faststart");
            }
            recorder.start();
            for (int i = 0; i < frames; i++) {
                try (Mat picture = picture(width, height, i, frames)) {
                    recorder.setTimestamp(Math.round(i * 1_000_000 / fps));
                    recorder.record(converter.convert(picture));
                }
            }
            recorder.stop();
        }
        return file;
    }

    /**
     * A still 1280x720 scene in H.264: grey, with Veil's sample portrait (one face, about 300 px tall) in the middle of
     * every frame.
     */
    static Path portraitScene(Path file, int frames) throws IOException {
        try (Mat portrait = SampleVideo.portrait();
             Mat scene = new Mat(720, 1280, org.bytedeco.opencv.global.opencv_core.CV_8UC3,
                     new org.bytedeco.opencv.opencv_core.Scalar(128, 128, 128, 0));
             Mat scaled = new Mat(); org.bytedeco.opencv.opencv_core.Size size =
                     new org.bytedeco.opencv.opencv_core.Size(512, 512);
             org.bytedeco.opencv.opencv_core.Rect at = new org.bytedeco.opencv.opencv_core.Rect(384, 104, 512, 512);
             Mat target = scene.apply(at);
             FFmpegFrameRecorder recorder = new FFmpegFrameRecorder(file.toFile(), 1280, 720, 0);
             OpenCVFrameConverter.ToMat converter = new OpenCVFrameConverter.ToMat()) {
            org.bytedeco.opencv.global.opencv_imgproc.resize(portrait, scaled, size);
            scaled.copyTo(target);
            recorder.setFormat("mp4");
            recorder.setVideoCodecName("libopenh264");
            recorder.setPixelFormat(AV_PIX_FMT_YUV420P);
            recorder.setFrameRate(30);
            recorder.setVideoBitrate(4_000_000);
            recorder.start();
            for (int i = 0; i < frames; i++) {
                recorder.setTimestamp(i * 33_333L);
                recorder.record(converter.convert(scene));
            }
            recorder.stop();
        }
        return file;
    }

    /** The first {@code fraction} of the file, as a download or a copy that stopped part way leaves it. */
    static Path cut(Path source, Path copy, double fraction) throws IOException {
        byte[] bytes = Files.readAllBytes(source);
        return Files.write(copy, Arrays.copyOf(bytes, (int) (bytes.length * fraction)));
    }

    /** An M4A-like MP4 with an AAC tone and no video stream. */
    static Path audioOnly(Path file, double seconds) throws IOException {
        try (FFmpegFrameRecorder recorder = new FFmpegFrameRecorder(file.toFile(), 0, 0, 1)) {
            recorder.setFormat("mp4");
            recorder.setAudioCodec(AV_CODEC_ID_AAC);
            recorder.setSampleRate(44_100);
            recorder.setAudioBitrate(64_000);
            recorder.start();
            short[] tone = new short[(int) (44_100 * seconds)];
            for (int s = 0; s < tone.length; s++) {
                tone[s] = (short) (3000 * Math.sin(2 * Math.PI * 330 * s / 44_100.0));
            }
            recorder.recordSamples(ShortBuffer.wrap(tone));
            recorder.stop();
        }
        return file;
    }

    /** H.264 whose pictures are at exactly these times (microseconds): a variable frame rate, as phones record. */
    static Path atTimes(Path file, int width, int height, List<Long> times, double nominalFps) throws IOException {
        try (VideoFileWriter writer = new VideoFileWriter(file, nominalFps)) {
            for (int i = 0; i < times.size(); i++) {
                try (Mat picture = picture(width, height, i, times.size())) {
                    writer.write(picture, times.get(i));
                }
            }
        }
        return file;
    }

    private static Mat picture(int width, int height, int i, int frames) {
        Mat picture = new Mat(height, width, CV_8UC3, new Scalar(40 + (i * 3) % 150, 90, 160, 0));
        try (Point centre = new Point((int) ((long) i * width / Math.max(1, frames)), height / 2);
             Scalar white = new Scalar(255, 255, 255, 0)) {
            opencv_imgproc.circle(picture, centre, Math.max(4, height / 8), white, -1, 8, 0);
        }
        return picture;
    }
}
