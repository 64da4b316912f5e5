package dev.veil.run;

import dev.veil.config.ConfigException;
import dev.veil.config.DisplayBox;
import dev.veil.config.SharedSettings;
import dev.veil.display.DisplayConfig;
import dev.veil.inference.BuiltinModel;
import dev.veil.inference.InferenceConfig;
import dev.veil.inference.tracking.TrackingConfig;
import dev.veil.sink.AnonymizeMode;
import dev.veil.sink.AnonymizerConfig;
import dev.veil.sink.H264EncoderChoice;
import dev.veil.sink.SinkConfig;
import dev.veil.source.SourceConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The flags of {@code veil run}, parsed and checked once.
 *
 * @param input       a video file or stream URL; empty: Veil makes its own sample video
 * @param output      where to write the anonymized video (H.264 MP4, with the input's audio), if anywhere
 * @param model       detector model: a builtin name or the path of a model file; empty: the builtin default
 * @param port        display server port (0: any free port)
 * @param mode        how faces are anonymized
 * @param showFaces   the explicit second flag without which the debugging mode {@code boxes} (faces shown with a
 *                    box around them) is refused
 * @param confidence  detection threshold, 0..1; by default the model's own (0.3 for YuNet, 0.5 for the others)
 * @param width       display box width; frames are scaled to fit it
 * @param height      display box height
 * @param pacing      play at the video's speed, or as fast as the machine can
 * @param loop        start the input again when it ends (the sample, played when there is no input, always does)
 * @param tracking    how faces are followed over time: the detector's cadence (the frames between carry its
 *                    faces, moved and grown by their motion, unless their picture changed) and how long a face
 *                    stays covered after the detector last found it
 * @param yunetScales the sizes the builtin YuNet searches each frame at, as factors of the frame's size, largest
 *                    first; the ones after the first are its coarse search
 * @param h264Encoder which OpenH264 writes {@code --output}: the machine's (with SIMD) where installed, or FFmpeg's
 */
public record RunOptions(Optional<String> input, Optional<Path> output, Optional<String> model, int port,
                  AnonymizeMode mode, boolean showFaces, double confidence, int width, int height,
                  SourceConfig.Pacing pacing, boolean loop, TrackingConfig tracking, List<Double> yunetScales,
                  H264EncoderChoice h264Encoder) {

    /**
     * Every frame is detected by default: no frame is shown with faces carried from another (docs/detectors.md).
     */
    public static final int DEFAULT_DETECT_EVERY = TrackingConfig.DEFAULT_DETECT_EVERY;

    /**
     * Full-resolution searches by default: every fourth frame; the others are searched at half resolution and
     * smaller only (faces from about 24 px), the smaller faces held from the last full search. On two cores the full
     * search of every frame cannot keep up with 30 fps; every fourth frame keeps the accuracy set's crowd at 31 frames/s
     * and more, every third left it at 28.5-30 (2 faces of 72150 more kept their detail with the fourth: 72129 hidden
     * instead of 72131; docs/benchmarks.md, "A full search every fourth frame").
     */
    static final int DEFAULT_FULL_SEARCH_EVERY = 4;

    // The flags that mean one of the programs' settings, read through it.
    static final SettingFlag<String> MODEL = SettingFlag.of("--model", InferenceConfig.MODEL);
    static final SettingFlag<Double> CONFIDENCE = SettingFlag.of("--confidence", InferenceConfig.CONFIDENCE);
    static final SettingFlag<AnonymizeMode> MODE = SettingFlag.of("--mode", AnonymizerConfig.MODE);
    static final SettingFlag<Integer> PORT = SettingFlag.of("--port", DisplayConfig.PORT);
    static final SettingFlag<DisplayBox> SIZE = SettingFlag.of("--size", SharedSettings.DISPLAY_SIZE);
    static final SettingFlag<SourceConfig.Pacing> PACING = SettingFlag.of("--pacing", SourceConfig.PACING);
    static final SettingFlag<Integer> DETECT_EVERY = SettingFlag.of("--detect-every", TrackingConfig.DETECT_EVERY,
            DEFAULT_DETECT_EVERY);
    static final SettingFlag<Integer> HOLD_FRAMES = SettingFlag.of("--hold-frames", TrackingConfig.HOLD_FRAMES);
    static final SettingFlag<Integer> FULL_SEARCH_EVERY = SettingFlag.of("--full-search-every",
            TrackingConfig.FULL_SEARCH_EVERY, DEFAULT_FULL_SEARCH_EVERY);
    static final SettingFlag<List<Double>> YUNET_SCALES = SettingFlag.of("--yunet-scales",
            InferenceConfig.YUNET_SCALES);
    static final SettingFlag<H264EncoderChoice> H264_ENCODER = SettingFlag.of("--h264-encoder",
            SinkConfig.H264_ENCODER);
    static final List<SettingFlag<?>> SETTING_FLAGS = List.of(MODEL, CONFIDENCE, MODE, PORT, SIZE, PACING,
            DETECT_EVERY, HOLD_FRAMES, FULL_SEARCH_EVERY, YUNET_SCALES, H264_ENCODER);

    static final String USAGE = """
            Usage: veil run [options]

            Runs Veil's four vertices in this process: decode, resize, detect faces, anonymize; shows the result
            live in the browser and, with --output, writes it to an MP4 file.

            Options:
              --input FILE|URL     video file or stream (rtsp://...) to anonymize; default: a sample Veil makes
                                   (kept in $XDG_CACHE_HOME/veil or ~/.cache/veil) and plays until Ctrl-C
              --output FILE.mp4    also write the anonymized video (H.264) with the input's audio
              --h264-encoder E     auto (default: the machine's libopenh264 if installed, else FFmpeg's), system,
                                   or ffmpeg (built in, no SIMD: about four times the CPU); the same pictures
              --model NAME|PATH    face detector: a builtin model name, or a YOLO face .onnx / BlazeFace .tflite
                                   file; default: the builtin model
              --confidence X       detection threshold, 0..1 (default: the model's, 0.3 for yunet, else 0.5)
              --mode MODE          blur, pixelate or fill (default blur); boxes, for debugging only,
                                   draws boxes around faces and does NOT hide them: it needs --show-faces too
              --show-faces         allow --mode boxes
              --port N             port of the viewer (default 8080; 0 picks a free one)
              --size WxH           display size; frames are scaled to fit, keeping aspect ratio (default 1280x720)
              --detect-every N     run the detector on every Nth frame (default 1, 1..10); the frames between
                                   carry the faces it found, moved and grown by their motion, unless their
                                   picture changed more than that motion explains (1: every frame)
              --hold-frames N      keep a face covered N frames after the detector last found it (default
                                   10, 0..60), its box following its motion
              --full-search-every N  search every Nth detected frame at full resolution and the others only
                                   at half and a third of it, for faces from about 24 px (default 4, 1..10; 1: always in
                                   full); faces only the full search finds are held between
              --yunet-scales LIST  the sizes the builtin detector searches at, as factors of the frame's size,
                                   largest first (default 1,0.5,0.35; the later ones are the coarse search);
                                   a smaller first one is faster and finds fewer small faces (docs/benchmarks.md)
              --pacing P           realtime (play at the video's own speed, the default) or
                                   as-fast-as-possible (to convert a file quickly)
              --loop               play a file again and again (until Ctrl-C); the sample always does
              --help               show this help

            Exit status:
            """ + ExitStatus.table();

    public static RunOptions parse(String... args) throws UsageException {
        String input = null;
        String output = null;
        String model = null;
        String port = null;
        String mode = null;
        String confidence = null;
        String size = null;
        String pacing = null;
        boolean loop = false;
        boolean showFaces = false;
        String detectEvery = null;
        String holdFrames = null;
        String fullEvery = null;
        String yunetScales = null;
        String h264Encoder = null;
        for (int i = 0; i < args.length; i++) {
            String flag = args[i];
            switch (flag) {
                case "--loop" -> loop = true;
                case "--show-faces" -> showFaces = true;
                case "--input", "--output", "--model", "--port", "--mode", "--confidence", "--size", "--pacing",
                     "--detect-every", "--hold-frames", "--full-search-every", "--yunet-scales", "--h264-encoder" -> {
                    if (i + 1 >= args.length || args[i + 1].startsWith("--")) {
                        throw new UsageException(flag + " needs a value");
                    }
                    String value = args[++i];
                    switch (flag) {
                        case "--input" -> input = value;
                        case "--output" -> output = value;
                        case "--model" -> model = value;
                        case "--port" -> port = value;
                        case "--mode" -> mode = value;
                        case "--confidence" -> confidence = value;
                        case "--size" -> size = value;
                        case "--detect-every" -> detectEvery = value;
                        case "--hold-frames" -> holdFrames = value;
                        case "--full-search-every" -> fullEvery = value;
                        case "--yunet-scales" -> yunetScales = value;
                        case "--h264-encoder" -> h264Encoder = value;
                        default -> pacing = value;
                    }
                }
                default -> throw new UsageException("unknown option " + flag);
            }
        }
        try {
            Optional<Path> out = Optional.ofNullable(output).map(Path::of);
            if (out.isPresent() && !out.get().toString().endsWith(".mp4")) {
                throw new UsageException("--output " + output + " must name an .mp4 file");
            }
            if (input != null && !SourceConfig.isUrl(input) && !Files.isRegularFile(Path.of(input))) {
                throw new UsageException("--input " + input + ": no such file");
            }
            int portNumber = PORT.parse(port);
            DisplayBox box = SIZE.parse(size);
            double threshold = confidence == null
                    ? BuiltinModel.defaultConfidenceOf(model == null ? MODEL.parse(null) : model)
                    : CONFIDENCE.parse(confidence);
            AnonymizeMode chosenMode = MODE.parse(mode);
            if (!chosenMode.hidesFaces() && !showFaces) {
                throw new UsageException("--mode boxes draws boxes around faces and does NOT hide them (debugging"
                        + " only); add --show-faces to run it anyway");
            }
            return new RunOptions(Optional.ofNullable(input), out, Optional.ofNullable(model), portNumber,
                    chosenMode, showFaces, threshold, box.width(), box.height(), PACING.parse(pacing), loop,
                    new TrackingConfig(DETECT_EVERY.parse(detectEvery), HOLD_FRAMES.parse(holdFrames),
                            FULL_SEARCH_EVERY.parse(fullEvery)), YUNET_SCALES.parse(yunetScales),
                    H264_ENCODER.parse(h264Encoder));
        } catch (ConfigException e) {
            throw new UsageException(e.getMessage());
        }
    }
}
