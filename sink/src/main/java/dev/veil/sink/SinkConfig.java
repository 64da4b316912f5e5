package dev.veil.sink;

import dev.veil.config.ConfigException;
import dev.veil.config.Env;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

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
 */
public record SinkConfig(URI displayUrl, Optional<String> ingestToken, AnonymizerConfig anonymizer,
                         FailurePolicy onFailure, int jpegQuality, Duration postTimeout,
                         Optional<Path> outputFile, double outputFps, Optional<Path> outputDir,
                         Duration segmentLength) {

    public static final String DISPLAY_URL = "VEIL_DISPLAY_URL";
    public static final String INGEST_TOKEN = "VEIL_INGEST_TOKEN";
    public static final String ON_FAILURE = "VEIL_ON_DETECTION_FAILURE";
    public static final String JPEG_QUALITY = "VEIL_JPEG_QUALITY";
    public static final String POST_TIMEOUT = "VEIL_POST_TIMEOUT";
    public static final String OUTPUT_FILE = "VEIL_OUTPUT_FILE";
    public static final String OUTPUT_FPS = "VEIL_OUTPUT_FPS";
    public static final String OUTPUT_DIR = "VEIL_OUTPUT_DIR";
    public static final String SEGMENT_SECONDS = "VEIL_SEGMENT_SECONDS";

    public static final Duration DEFAULT_POST_TIMEOUT = Duration.ofSeconds(5);
    public static final Duration DEFAULT_SEGMENT_LENGTH = Duration.ofSeconds(60);
    public static final int MAX_SEGMENT_SECONDS = 3600;

    public SinkConfig {
        Objects.requireNonNull(displayUrl, "displayUrl");
        Objects.requireNonNull(anonymizer, "anonymizer");
        Objects.requireNonNull(onFailure, "onFailure");
        if (jpegQuality < 1 || jpegQuality > 100) {
            throw new ConfigException(JPEG_QUALITY + "=" + jpegQuality + " is out of range 1..100");
        }
        if (postTimeout.isNegative() || postTimeout.isZero()) {
            throw new ConfigException(POST_TIMEOUT + " must be positive");
        }
        if (!(outputFps > 0 && outputFps <= 240)) {
            throw new ConfigException(OUTPUT_FPS + "=" + outputFps + " is out of range 0..240");
        }
        outputFile.ifPresent(f -> {
            if (!f.toString().endsWith(".mp4")) {
                throw new ConfigException(OUTPUT_FILE + "=" + f + " must name an .mp4 file");
            }
        });
        if (outputFile.isPresent() && outputDir.isPresent()) {
            throw new ConfigException(OUTPUT_FILE + " and " + OUTPUT_DIR + " are both set: choose one (segments in "
                    + OUTPUT_DIR + " for an archive, one file for a single stream)");
        }
        if (segmentLength.compareTo(Duration.ofSeconds(1)) < 0
                || segmentLength.compareTo(Duration.ofSeconds(MAX_SEGMENT_SECONDS)) > 0) {
            throw new ConfigException(SEGMENT_SECONDS + "=" + segmentLength.toSeconds() + " is out of range 1.."
                    + MAX_SEGMENT_SECONDS);
        }
    }

    /** A sink that shows frames only (no file), with the given anonymizer and defaults elsewhere. */
    public static SinkConfig showing(URI displayUrl, Optional<String> ingestToken, AnonymizerConfig anonymizer) {
        return new SinkConfig(displayUrl, ingestToken, anonymizer, FailurePolicy.BLUR_WHOLE_FRAME, 90,
                DEFAULT_POST_TIMEOUT, Optional.empty(), 30, Optional.empty(), DEFAULT_SEGMENT_LENGTH);
    }

    public static SinkConfig fromEnv(Env env) {
        return new SinkConfig(
                env.httpUrl(DISPLAY_URL, "http://veil-display:8080"),
                env.optional(INGEST_TOKEN),
                AnonymizerConfig.fromEnv(env),
                env.choice(ON_FAILURE, FailurePolicy.class, FailurePolicy.BLUR_WHOLE_FRAME),
                env.integer(JPEG_QUALITY, 90, 1, 100),
                env.duration(POST_TIMEOUT, DEFAULT_POST_TIMEOUT),
                env.path(OUTPUT_FILE),
                env.decimal(OUTPUT_FPS, 30, 1, 240),
                env.path(OUTPUT_DIR),
                Duration.ofSeconds(env.integer(SEGMENT_SECONDS, (int) DEFAULT_SEGMENT_LENGTH.toSeconds(), 1,
                        MAX_SEGMENT_SECONDS)));
    }

    @Override
    public String toString() {
        // The token stays out of logs, even when the whole config is printed.
        return "SinkConfig[displayUrl=" + displayUrl + ", ingestToken=" + (ingestToken.isPresent() ? "***" : "none")
                + ", anonymizer=" + anonymizer + ", onFailure=" + onFailure + ", jpegQuality=" + jpegQuality
                + ", postTimeout=" + postTimeout + ", outputFile=" + outputFile.orElse(null) + ", outputFps=" + outputFps
                + ", outputDir=" + outputDir.orElse(null) + ", segmentLength=" + segmentLength + "]";
    }
}
