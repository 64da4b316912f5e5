package dev.veil.sink;

import dev.veil.config.ConfigException;
import dev.veil.config.Env;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * Everything the sink vertex is told, read once from its environment.
 *
 * @param displayUrl     base URL of the display server; frames go to {@code <displayUrl>/ingest}
 * @param ingestToken    bearer token the display server requires, if any (never logged)
 * @param mode           how faces are anonymized
 * @param margin         extra cover around each face box, as a fraction of the box size
 * @param onFailure      what happens to a frame whose detection failed or never ran
 * @param jpegQuality    quality of the anonymized JPEG, 1..100
 * @param postTimeout    how long one POST to the display server may take before it counts as failed
 * @param outputFile     also write the anonymized video to this H.264 MP4 file, if set
 * @param outputFps      frame rate declared in the MP4 (timestamps come from the frames themselves)
 */
public record SinkConfig(URI displayUrl, Optional<String> ingestToken, AnonymizeMode mode, double margin,
                         FailurePolicy onFailure, int jpegQuality, Duration postTimeout,
                         Optional<Path> outputFile, double outputFps) {

    public static final String DISPLAY_URL = "VEIL_DISPLAY_URL";
    public static final String INGEST_TOKEN = "VEIL_INGEST_TOKEN";
    public static final String MODE = "VEIL_ANONYMIZE_MODE";
    public static final String MARGIN = "VEIL_FACE_MARGIN";
    public static final String ON_FAILURE = "VEIL_ON_DETECTION_FAILURE";
    public static final String JPEG_QUALITY = "VEIL_JPEG_QUALITY";
    public static final String POST_TIMEOUT = "VEIL_POST_TIMEOUT";
    public static final String OUTPUT_FILE = "VEIL_OUTPUT_FILE";
    public static final String OUTPUT_FPS = "VEIL_OUTPUT_FPS";

    public static final double DEFAULT_MARGIN = 0.2;

    public SinkConfig {
        if (!(margin >= 0 && margin <= 2)) {
            throw new ConfigException(MARGIN + "=" + margin + " is out of range 0..2");
        }
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
    }

    public static SinkConfig fromEnv(Env env) {
        return new SinkConfig(
                env.httpUrl(DISPLAY_URL, "http://veil-display:8080"),
                env.optional(INGEST_TOKEN),
                env.choice(MODE, AnonymizeMode.class, AnonymizeMode.BLUR),
                env.decimal(MARGIN, DEFAULT_MARGIN, 0, 2),
                env.choice(ON_FAILURE, FailurePolicy.class, FailurePolicy.BLUR_WHOLE_FRAME),
                env.integer(JPEG_QUALITY, 90, 1, 100),
                env.duration(POST_TIMEOUT, Duration.ofSeconds(5)),
                env.path(OUTPUT_FILE),
                env.decimal(OUTPUT_FPS, 30, 1, 240));
    }

    @Override
    public String toString() {
        // The token stays out of logs, even when the whole config is printed.
        return "SinkConfig[displayUrl=" + displayUrl + ", ingestToken=" + (ingestToken.isPresent() ? "***" : "none")
                + ", mode=" + mode + ", margin=" + margin + ", onFailure=" + onFailure + ", jpegQuality=" + jpegQuality
                + ", postTimeout=" + postTimeout + ", outputFile=" + outputFile.orElse(null) + ", outputFps=" + outputFps + "]";
    }
}
