package dev.veil.bench;

import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_BGR24;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_AREA;

import com.google.protobuf.ByteString;
import dev.veil.frame.FrameCodec;
import dev.veil.frame.JpegCodec;
import dev.veil.frame.StageClock;
import dev.veil.frame.v1.Detection;
import dev.veil.frame.v1.DetectionStatus;
import dev.veil.frame.v1.Frame;
import dev.veil.inference.BuiltinModel;
import dev.veil.inference.Device;
import dev.veil.inference.FaceDetectors;
import dev.veil.inference.InferenceConfig;
import dev.veil.inference.detect.FaceDetector;
import dev.veil.inference.gpu.GpuProbe;
import dev.veil.inference.network.CpuRuntime;
import dev.veil.sink.AnonymizeMode;
import dev.veil.sink.Anonymizer;
import dev.veil.sink.AnonymizerConfig;
import dev.veil.stage.FaceBox;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.FrameGrabber;
import org.bytedeco.javacv.OpenCVFrameConverter;
import org.bytedeco.opencv.global.opencv_imgproc;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Size;

/**
 * Each stage's own cost, one thing at a time on one thread (the libraries may use their own threads, as they do in
 * the pipeline): decoding, converting and scaling, JPEG out and in, the wire format, every CPU detector, and the
 * anonymizer. Detection and anonymization run on 1280x720 frames, the display size every pipeline detects at.
 */
final class StageBench {

    /** A face's height as a share of the frame's, for the anonymizer's figures. */
    private static final double[] FACE_HEIGHTS = {0.1, 0.3, 0.6};
    /** A face's height as a share of the frame's in the street row: 36 pixels at 720p. */
    private static final double STREET_FACE_HEIGHT = 0.05;
    private static final int HELD_FRAMES = 8;

    private final boolean quick;
    private final Consumer<Measured> report;
    private final Consumer<String> note;

    StageBench(boolean quick, Consumer<Measured> report, Consumer<String> note) {
        this.quick = quick;
        this.report = report;
        this.note = note;
    }

    private Repetition light() {
        return quick ? new Repetition(3, 2, 8) : new Repetition(10, 3, 30);
    }

    private Repetition heavy() {
        return quick ? new Repetition(1, 2, 3) : new Repetition(3, 3, 10);
    }

    /** Decoding, conversion, scaling, JPEG and the wire format for one input. */
    void pictures(BenchVideos.Clip clip) throws Exception {
        int needed = light().warmupPlusRounds();
        if (needed > clip.frames()) {
            throw new IllegalStateException(clip.name() + " has " + clip.frames() + " frames, " + needed + " needed");
        }
        try (FFmpegFrameGrabber raw = grabber(clip, FrameGrabber.ImageMode.RAW, 0, 0)) {
            report.accept(light().measure("decode H.264 (FFmpeg, frame threads)", clip.size(), i -> raw.grabImage()));
        }
        try (FFmpegFrameGrabber scaled = grabber(clip, FrameGrabber.ImageMode.COLOR, 1280, 720)) {
            report.accept(light().measure("decode + one bilinear swscale pass to BGR 1280x720 (JavaCV's grabber)",
                    clip.size(), i -> scaled.grabImage()));
        }
        List<Mat> frames = heldFrames(clip);
        try {
            if (clip.width() > 1280) {
                try (Mat small = new Mat(); Size box = new Size(1280, 720)) {
                    report.accept(light().measure("scale BGR to 1280x720 (OpenCV area, filter-resize's way)",
                            clip.size(), i -> opencv_imgproc.resize(frames.get(i % frames.size()), small, box, 0, 0,
                                    INTER_AREA)));
                }
            }
            List<byte[]> jpegs = new ArrayList<>();
            report.accept(light().measure("JPEG encode, quality 90 (OpenCV)", clip.size(), i -> {
                byte[] jpeg = JpegCodec.encode(frames.get(i % frames.size()), 90);
                if (jpegs.size() < frames.size()) {
                    jpegs.add(jpeg);
                }
            }));
            report.accept(light().measure("JPEG decode (OpenCV)", clip.size(),
                    i -> JpegCodec.decode(jpegs.get(i % jpegs.size())).close()));
            List<Frame> messages = jpegs.stream().map(j -> frame(j, clip.width(), clip.height())).toList();
            report.accept(light().measure("wire format: encode + decode + validate a frame", clip.size(),
                    i -> FrameCodec.decode(FrameCodec.encode(messages.get(i % messages.size())))));
        } finally {
            frames.forEach(Mat::close);
        }
    }

    /** Every detector on the CPU (and TensorRT where a GPU is present), on 1280x720 frames. */
    void detectors(BenchVideos.Clip clip720, Optional<Path> yolo) throws Exception {
        List<Mat> frames = heldFrames(clip720);
        try {
            for (String model : List.of("yunet", "blazeface-full-tiled", "blazeface-full", "blazeface-short", "haar")) {
                detect(model + (model.equals(InferenceConfig.defaults().model()) ? " (default)" : ""),
                        new InferenceConfig(model, BuiltinModel.defaultConfidenceOf(model), InferenceConfig.DEFAULT_NMS_IOU,
                                640), frames,
                        model.equals("haar") ? heavy() : light());
            }
            // YuNet's runtimes and its parts, each on one thread (what veil run gives it on two cores): the full
            // search, the coarse one that runs between (veil run: two frames in three), and OpenCV DNN for both.
            InferenceConfig yunet = InferenceConfig.defaults().withCpuThreads(1);
            detect("yunet, ONNX Runtime, 1 thread", yunet, frames, light());
            detect("yunet full resolution only, ONNX Runtime, 1 thread", yunet.withYunetScales(List.of(1.0)), frames,
                    light());
            detect("yunet full and half resolution (the default before 0.35 was added), ONNX Runtime, 1 thread",
                    yunet.withYunetScales(List.of(1.0, 0.5)), frames, light());
            try (FaceDetector coarse = FaceDetectors.open(yunet)) {
                report.accept(light().measure("detect: yunet coarse search only (the smaller scales, mirrored border), ONNX"
                        + " Runtime, 1 thread", "1280x720", i -> coarse.detectCoarse(frames.get(i % frames.size()))));
            }
            detect("yunet, OpenCV DNN", withRuntime(yunet, Device.CPU, CpuRuntime.OPENCV), frames, heavy());
            if (yolo.isEmpty()) {
                note.accept("YOLO rows not measured: no YOLO face model (give --yolo FILE.onnx, or put ../shared beside"
                        + " the checkout)");
                return;
            }
            String file = yolo.get().toString();
            InferenceConfig base = new InferenceConfig(file, 0.5, InferenceConfig.DEFAULT_NMS_IOU, 640);
            detect("YOLO " + yolo.get().getFileName() + " @640, ONNX Runtime (CPU)", withRuntime(base, Device.CPU,
                    CpuRuntime.ONNXRUNTIME), frames, light());
            detect("YOLO " + yolo.get().getFileName() + " @640, OpenCV DNN (CPU)", withRuntime(base, Device.CPU,
                    CpuRuntime.OPENCV), frames, heavy());
            GpuProbe gpu = GpuProbe.probe();
            if (gpu.present()) {
                detect("YOLO " + yolo.get().getFileName() + " @640, TensorRT FP16 (GPU)", withRuntime(base, Device.CUDA,
                        CpuRuntime.ONNXRUNTIME), frames, light());
            } else {
                note.accept("TensorRT not measured: no CUDA device here (" + gpu.missing() + ")");
            }
        } finally {
            frames.forEach(Mat::close);
        }
    }

    /** The sink's treatments on a 1280x720 frame. */
    void anonymizer(BenchVideos.Clip clip720) throws Exception {
        List<Mat> frames = heldFrames(clip720);
        try (Mat work = new Mat()) {
            for (AnonymizeMode mode : List.of(AnonymizeMode.BLUR, AnonymizeMode.PIXELATE)) {
                Anonymizer anonymizer = new Anonymizer(AnonymizerConfig.of(mode, false));
                for (double h : FACE_HEIGHTS) {
                    FaceBox face = FaceBox.found(0.5, 0.2, 0.5 + h * 720 / 1280, 0.2 + h, 0.9);
                    report.accept(light().measure(String.format("anonymize: %s one face %.0f%% of the height",
                            mode.name().toLowerCase(java.util.Locale.ROOT), h * 100), "1280x720", i -> {
                                frames.get(i % frames.size()).copyTo(work);
                                anonymizer.anonymize(work, List.of(face));
                            }));
                }
            }
            Anonymizer blur = new Anonymizer(AnonymizerConfig.of(AnonymizeMode.BLUR, false));
            List<FaceBox> street = streetFaces();
            report.accept(light().measure(String.format("anonymize: blur %d faces %.0f%% of the height, apart",
                    street.size(), STREET_FACE_HEIGHT * 100), "1280x720", i -> {
                        frames.get(i % frames.size()).copyTo(work);
                        blur.anonymize(work, street);
                    }));
            report.accept(light().measure("anonymize: whole frame obscured (faces unknown)", "1280x720", i -> {
                frames.get(i % frames.size()).copyTo(work);
                dev.veil.frame.WholeFrameFallback.apply(work);
            }));
        } finally {
            frames.forEach(Mat::close);
        }
    }

    /**
     * Ten faces of {@link #STREET_FACE_HEIGHT} in two rows, far enough apart that each is blurred on its own: the
     * faces of a street at 720p, whose covers (about 65 pixels) need kernels of their own size.
     */
    private static List<FaceBox> streetFaces() {
        double h = STREET_FACE_HEIGHT;
        double w = h * 720 / 1280;
        List<FaceBox> faces = new java.util.ArrayList<>();
        for (int row = 0; row < 2; row++) {
            for (int col = 0; col < 5; col++) {
                double x = 0.06 + col * 0.19;
                double y = 0.2 + row * 0.4;
                faces.add(FaceBox.found(x, y, x + w, y + h, 0.9));
            }
        }
        return faces;
    }

    private void detect(String name, InferenceConfig config, List<Mat> frames, Repetition repetition) throws Exception {
        try (FaceDetector detector = FaceDetectors.open(config)) {
            report.accept(repetition.measure("detect: " + name, "1280x720",
                    i -> detector.detect(frames.get(i % frames.size()))));
        } catch (RuntimeException e) {
            note.accept("detect: " + name + " not measured: " + e.getMessage());
        }
    }

    private static InferenceConfig withRuntime(InferenceConfig c, Device device, CpuRuntime runtime) {
        return new InferenceConfig(c.model(), c.confidence(), c.nmsIou(), c.inputSize(), c.yoloFormat(), device, runtime,
                c.precision(), c.engineCache(), c.tiling(), c.batchSize(), c.batchWait(), c.yunetScales(), c.cpuThreads());
    }

    private static Frame frame(byte[] jpeg, int width, int height) {
        return Frame.newBuilder().setStreamId("bench").setSequence(1).setPtsMicros(33_333)
                .setCaptureTimeMicros(StageClock.nowMicros()).setWidth(width).setHeight(height)
                .setJpeg(ByteString.copyFrom(jpeg)).setDetectionStatus(DetectionStatus.DETECTION_STATUS_OK)
                .addDetections(Detection.newBuilder().setXMin(0.5f).setYMin(0.2f).setXMax(0.6f).setYMax(0.4f)
                        .setScore(0.9f))
                .addStages(StageClock.stage(StageClock.SOURCE, StageClock.nowMicros() - 5_000))
                .build();
    }

    /** A few decoded BGR frames of the clip at its own size, spread over its first seconds. */
    private static List<Mat> heldFrames(BenchVideos.Clip clip) throws Exception {
        List<Mat> frames = new ArrayList<>();
        try (FFmpegFrameGrabber grabber = grabber(clip, FrameGrabber.ImageMode.COLOR, 0, 0);
             OpenCVFrameConverter.ToMat toMat = new OpenCVFrameConverter.ToMat()) {
            int step = Math.max(1, clip.frames() / HELD_FRAMES);
            for (int i = 0; i < clip.frames() && frames.size() < HELD_FRAMES; i++) {
                org.bytedeco.javacv.Frame f = grabber.grabImage();
                if (f == null) {
                    break;
                }
                if (i % step == 0) {
                    frames.add(toMat.convert(f).clone());
                }
            }
        }
        return frames;
    }

    private static FFmpegFrameGrabber grabber(BenchVideos.Clip clip, FrameGrabber.ImageMode mode, int width, int height)
            throws FrameGrabber.Exception {
        FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(clip.file().toFile());
        grabber.setImageMode(mode);
        if (mode == FrameGrabber.ImageMode.COLOR) {
            grabber.setPixelFormat(AV_PIX_FMT_BGR24);
        }
        if (width > 0) {
            grabber.setImageWidth(width);
            grabber.setImageHeight(height);
        }
        grabber.setVideoOption("threads", "0");
        grabber.start();
        return grabber;
    }
}
