package dev.veil.source;

import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_AAC;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUV420P;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;
import static org.bytedeco.opencv.global.opencv_imgproc.FONT_HERSHEY_SIMPLEX;
import static org.bytedeco.opencv.global.opencv_imgproc.circle;
import static org.bytedeco.opencv.global.opencv_imgproc.putText;

import java.io.IOException;
import java.nio.ShortBuffer;
import java.nio.file.Path;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.OpenCVFrameConverter;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Point;
import org.bytedeco.opencv.opencv_core.Scalar;

/** H.264 MP4 files made by the tests themselves with FFmpeg, so no video is stored in the repository. */
public final class TestVideos {

    private TestVideos() {
    }

    /**
     * A clip of moving synthetic content: a ball that crosses the frame and the frame number written on it,
     * with a 440 Hz tone as its audio track when {@code withAudio}.
     */
    public static Path synthetic(Path file, int width, int height, int frames, double fps, boolean withAudio)
            throws IOException {
        try (FFmpegFrameRecorder recorder = new FFmpegFrameRecorder(file.toFile(), width, height, withAudio ? 1 : 0);
             OpenCVFrameConverter.ToMat converter = new OpenCVFrameConverter.ToMat()) {
            recorder.setFormat(file.toString().endsWith(".ts") ? "mpegts" : "mp4");
            recorder.setVideoCodecName("libopenh264");
            recorder.setPixelFormat(AV_PIX_FMT_YUV420P);
            recorder.setFrameRate(fps);
            recorder.setVideoBitrate(width * height * 4);
            recorder.setGopSize((int) Math.round(fps));
            if (withAudio) {
                recorder.setAudioCodec(AV_CODEC_ID_AAC);
                recorder.setSampleRate(44_100);
                recorder.setAudioBitrate(96_000);
            }
            recorder.start();
            int samplesPerFrame = (int) Math.round(44_100 / fps);
            long sampleIndex = 0;
            for (int i = 0; i < frames; i++) {
                try (Mat image = new Mat(height, width, CV_8UC3, new Scalar(40 + (i * 3) % 150, 90, 160, 0));
                     Point centre = new Point((int) ((long) i * width / Math.max(1, frames)), height / 2);
                     Point textAt = new Point(width / 20, height / 5);
                     Scalar white = new Scalar(255, 255, 255, 0)) {
                    circle(image, centre, Math.max(4, height / 8), white, -1, 8, 0);
                    putText(image, "frame " + i, textAt, FONT_HERSHEY_SIMPLEX, Math.max(0.5, height / 240.0), white,
                            2, 8, false);
                    recorder.record(converter.convert(image));
                }
                if (withAudio) {
                    short[] tone = new short[samplesPerFrame];
                    for (int s = 0; s < tone.length; s++, sampleIndex++) {
                        tone[s] = (short) (8000 * Math.sin(2 * Math.PI * 440 * sampleIndex / 44_100.0));
                    }
                    recorder.recordSamples(ShortBuffer.wrap(tone));
                }
            }
            recorder.stop();
        }
        return file;
    }
}
