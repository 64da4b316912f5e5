package dev.veil.sink;

import dev.veil.config.ConfigException;
import dev.veil.config.Env;
import dev.veil.config.ProgramSettings;
import dev.veil.config.Setting;
import dev.veil.config.SharedSettings;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Everything the sink vertex is told, read once from its environment.
 *
 * @param displayUrl     base URL of the display server; frames go to {@code <displayUrl>/ingest}
 * @param ingestToken    bearer token the display server requires, if any (never logged)
 * @param anonymizer     how faces are treated
 * @param onFailure      what happens to a frame whose detection failed or never ran
 * @param jpegQuality    quality of the anonymized JPEG, 1..100
 * @param postTimeout    how long one POST to the display server may take before it counts as failed
 * @param outputFile     also write the anonymized video of one stream to this H.264 MP4 file, if set
 * @param outputFps      frame rate declared in the MP4 files (timestamps come from the frames themselves)
 * @param outputDir      also write every stream as H.264 MP4 segments under this folder, if set
 * @param segmentLength  video per segment in {@code outputDir}
 * @param h264Encoder    which OpenH264 encodes the MP4 files
 */
public record SinkConfig(URI displayUrl, Optional<String> ingestToken, AnonymizerConfig anonymizer,
                         FailurePolicy onFailure, int jpegQuality, Duration postTimeout,
                         Optional<Path> outputFile, double outputFps, Optional<Path> outputDir,
                         Duration segmentLength, H264EncoderChoice h264Encoder) {

    public static final Duration DEFAULT_POST_TIMEOUT = Duration.ofSeconds(5);
    public static final Duration DEFAULT_SEGMENT_LENGTH = Duration.ofSeconds(60);
    public static final int MAX_SEGMENT_SECONDS = 3600;

    public static final Setting<URI> DISPLAY_URL = Setting.httpUrl("VEIL_DISPLAY_URL",
            "display server; frames go to <url>/ingest").byDefault(URI.create("http://veil-display:8080"));
    public static final Setting<String> INGEST_TOKEN = Setting.text("VEIL_INGEST_TOKEN",
            "bearer token the display server requires");
    public static final Setting<FailurePolicy> ON_FAILURE = Setting.choice("VEIL_ON_DETECTION_FAILURE",
            FailurePolicy.class, "a frame whose faces are unknown: blur-whole-frame or drop")
            .byDefault(FailurePolicy.BLUR_WHOLE_FRAME);
    public static final Setting<Integer> JPEG_QUALITY = SharedSettings.JPEG_QUALITY;
    public static final Setting<Duration> POST_TIMEOUT = Setting.positiveDuration("VEIL_POST_TIMEOUT",
            "longest a POST to the display may take").byDefault(DEFAULT_POST_TIMEOUT);
    public static final Setting<Path> OUTPUT_FILE = Setting.path("VEIL_OUTPUT_FILE",
                    "or write one stream to one H.264 MP4 file (finished at stop)")
            .checking(f -> f.toString().endsWith(".mp4") ? Optional.empty() : Optional.of("must name an .mp4 file"));
    public static final Setting<Double> OUTPUT_FPS = Setting.decimal("VEIL_OUTPUT_FPS", 0, 240,
                    "frame rate declared in the MP4 files (timestamps come from the frames)")
            .checking(fps -> fps > 0 ? Optional.empty() : Optional.of("must be more than 0"))
            .byDefault(30.0);
    public static final Setting<Path> OUTPUT_DIR = Setting.path("VEIL_OUTPUT_DIR",
            "also write every stream as H.264 MP4 segments in <dir>/<stream>/");
    public static final Setting<Integer> SEGMENT_SECONDS = Setting.integer("VEIL_SEGMENT_SECONDS", 1,
            MAX_SEGMENT_SECONDS, "video per segment in VEIL_OUTPUT_DIR")
            .byDefault((int) DEFAULT_SEGMENT_LENGTH.toSeconds());
    public static final Setting<H264EncoderChoice> H264_ENCODER = Setting.choice("VEIL_H264_ENCODER",
                    H264EncoderChoice.class, "MP4 encoder: auto (the machine's libopenh264 if installed, else FFmpeg's),"
                            + " system, or ffmpeg (built in, about four times the CPU)")
            .byDefault(H264EncoderChoice.AUTO);

    /** Every variable the sink reads, its anonymizer's included. */
    public static final ProgramSettings SETTINGS = new ProgramSettings("sink", Stream.concat(
            Stream.of(DISPLAY_URL, INGEST_TOKEN), Stream.concat(AnonymizerConfig.SETTINGS.stream(), Stream.of(
                    ON_FAILURE, JPEG_QUALITY, POST_TIMEOUT, OUTPUT_DIR, SEGMENT_SECONDS, OUTPUT_FILE, OUTPUT_FPS, H264_ENCODER)))
            .toList(), SinkConfig::fromEnv);

    public SinkConfig {
        Objects.requireNonNull(displayUrl, "displayUrl");
        Objects.requireNonNull(anonymizer, "anonymizer");
        Objects.requireNonNull(onFailure, "onFailure");
        Objects.requireNonNull(h264Encoder, "h264Encoder");
        JPEG_QUALITY.check(jpegQuality);
        POST_TIMEOUT.check(Objects.requireNonNull(postTimeout, "postTimeout"));
        OUTPUT_FPS.check(outputFps);
        outputFile.ifPresent(OUTPUT_FILE::check);
        if (outputFile.isPresent() && outputDir.isPresent()) {
            throw new ConfigException(OUTPUT_FILE + " and " + OUTPUT_DIR + " are both set: choose one (segments in "
                    + OUTPUT_DIR + " for an archive, one file for a single stream)");
        }
        SEGMENT_SECONDS.check((int) Math.min(segmentLength.toSeconds(), Integer.MAX_VALUE));
    }

    /** A sink that shows frames only (no file), with the given anonymizer and defaults elsewhere. */
    public static SinkConfig showing(URI displayUrl, Optional<String> ingestToken, AnonymizerConfig anonymizer) {
        return new SinkConfig(displayUrl, ingestToken, anonymizer, ON_FAILURE.defaultValue(),
                JPEG_QUALITY.defaultValue(), DEFAULT_POST_TIMEOUT, Optional.empty(), OUTPUT_FPS.defaultValue(),
                Optional.empty(), DEFAULT_SEGMENT_LENGTH, H264_ENCODER.defaultValue());
    }

    public static SinkConfig fromEnv(Env env) {
        SinkConfig config = new SinkConfig(
                DISPLAY_URL.read(env),
                INGEST_TOKEN.optional(env),
                AnonymizerConfig.fromEnv(env),
                ON_FAILURE.read(env),
                JPEG_QUALITY.read(env),
                POST_TIMEOUT.read(env),
                OUTPUT_FILE.optional(env),
                OUTPUT_FPS.read(env),
                OUTPUT_DIR.optional(env),
                Duration.ofSeconds(SEGMENT_SECONDS.read(env)),
                H264_ENCODER.read(env));
        // Checked here, not in the constructor: whether a library is installed is the machine's, not the settings'.
        if (config.outputFile().isPresent() || config.outputDir().isPresent()) {
            config.h264Encoder().whyUnavailable(H264_ENCODER.toString()).ifPresent(why -> {
                throw new ConfigException(why);
            });
        }
        return config;
    }

    @Override
    public String toString() {
        // The token stays out of logs, even when the whole config is printed.
        return "SinkConfig[displayUrl=" + displayUrl + ", ingestToken=" + (ingestToken.isPresent() ? "***" : "none")
                + ", anonymizer=" + anonymizer + ", onFailure=" + onFailure + ", jpegQuality=" + jpegQuality
                + ", postTimeout=" + postTimeout + ", outputFile=" + outputFile.orElse(null) + ", outputFps=" + outputFps
                + ", outputDir=" + outputDir.orElse(null) + ", segmentLength=" + segmentLength + ", h264Encoder="
                + Env.spelling(h264Encoder) + "]";
    }
}
