package dev.veil.source;

import dev.veil.config.ConfigException;
import dev.veil.config.Env;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Everything the source vertex is told, read once from its environment.
 *
 * @param input        a video file path or a URL FFmpeg opens (rtsp://, rtsps://, http(s)://, file:)
 * @param streamId     the key of every message; names the stream in the display and in logs
 * @param pacing       emit at the video's own frame rate, or as fast as downstream takes frames
 * @param atEnd        what to do at the end of a file: stop emitting, or start again from its beginning
 * @param jpegQuality  quality of the JPEG each frame is carried as, 1..100
 * @param rtspTransport RTSP over TCP (interleaved, firewall friendly) or UDP
 * @param queueFrames  decoded frames held ahead of Numaflow's reads; bounds memory and latency
 */
public record SourceConfig(String input, String streamId, Pacing pacing, AtEnd atEnd, int jpegQuality,
                           RtspTransport rtspTransport, int queueFrames) {

    public enum Pacing { REALTIME, AS_FAST_AS_POSSIBLE }

    public enum AtEnd { STOP, LOOP }

    public enum RtspTransport { TCP, UDP }

    public static final String INPUT = "VEIL_INPUT";
    public static final String STREAM_ID = "VEIL_STREAM_ID";
    public static final String PACING = "VEIL_PACING";
    public static final String AT_END = "VEIL_AT_END_OF_INPUT";
    public static final String JPEG_QUALITY = "VEIL_JPEG_QUALITY";
    public static final String RTSP_TRANSPORT = "VEIL_RTSP_TRANSPORT";
    public static final String QUEUE_FRAMES = "VEIL_SOURCE_QUEUE_FRAMES";

    public static final int DEFAULT_JPEG_QUALITY = 90;

    public SourceConfig {
        if (input == null || input.isBlank()) {
            throw new ConfigException(INPUT + " is empty: give a video file or a stream URL");
        }
        if (!isUrl(input) && !Files.isRegularFile(Path.of(input))) {
            throw new ConfigException(INPUT + "=" + input + " is neither a readable file nor a URL");
        }
        if (streamId == null || !streamId.matches("[A-Za-z0-9][A-Za-z0-9_.-]{0,62}")) {
            throw new ConfigException(STREAM_ID + "=" + streamId
                    + " must be 1..63 letters, digits, '.', '_' or '-', starting with a letter or digit");
        }
        if (jpegQuality < 1 || jpegQuality > 100) {
            throw new ConfigException(JPEG_QUALITY + "=" + jpegQuality + " is out of range 1..100");
        }
        if (queueFrames < 1 || queueFrames > 1024) {
            throw new ConfigException(QUEUE_FRAMES + "=" + queueFrames + " is out of range 1..1024");
        }
    }

    public static SourceConfig fromEnv(Env env) {
        String input = env.required(INPUT, "the video file or stream URL to read");
        return new SourceConfig(
                input,
                env.string(STREAM_ID, streamIdFor(input)),
                env.choice(PACING, Pacing.class, Pacing.REALTIME),
                env.choice(AT_END, AtEnd.class, AtEnd.STOP),
                env.integer(JPEG_QUALITY, DEFAULT_JPEG_QUALITY, 1, 100),
                env.choice(RTSP_TRANSPORT, RtspTransport.class, RtspTransport.TCP),
                env.integer(QUEUE_FRAMES, 8, 1, 1024));
    }

    /** Defaults for an input, as {@code veil run} starts from. */
    public static SourceConfig forInput(String input) {
        return new SourceConfig(input, streamIdFor(input), Pacing.REALTIME, AtEnd.STOP, DEFAULT_JPEG_QUALITY,
                RtspTransport.TCP, 8);
    }

    /** True for anything FFmpeg should open as a URL rather than a local path. */
    public static boolean isUrl(String input) {
        return input.matches("^[a-zA-Z][a-zA-Z0-9+.-]*://.*");
    }

    public boolean isLive() {
        String scheme = isUrl(input) ? input.substring(0, input.indexOf(':')).toLowerCase(Locale.ROOT) : "file";
        return !scheme.equals("file");
    }

    /** A stream id from the input's last path element without extension: {@code /v/lobby.mp4} gives {@code lobby}. */
    public static String streamIdFor(String input) {
        String path = isUrl(input) ? URI.create(input.replace(" ", "%20")).getPath() : input;
        if (path == null) {
            path = "";
        }
        String name = path.replaceAll("/+$", "");
        name = name.substring(name.lastIndexOf('/') + 1);
        int dot = name.lastIndexOf('.');
        if (dot > 0) {
            name = name.substring(0, dot);
        }
        name = name.replaceAll("[^A-Za-z0-9_.-]", "-").replaceAll("^[^A-Za-z0-9]+", "");
        if (name.length() > 63) {
            name = name.substring(0, 63);
        }
        return name.isEmpty() ? "stream" : name;
    }

    /** The input as it may appear in logs and on screens: user and password removed. */
    public String inputForLogs() {
        return RedactedUrl.of(input);
    }
}
