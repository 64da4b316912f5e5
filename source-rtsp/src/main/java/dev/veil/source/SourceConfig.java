package dev.veil.source;

import dev.veil.config.ConfigException;
import dev.veil.config.DisplayBox;
import dev.veil.config.Env;
import dev.veil.config.ProgramSettings;
import dev.veil.config.Setting;
import dev.veil.config.SharedSettings;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Everything the source vertex is told, read once from its environment.
 *
 * @param streams        the streams this vertex reads, each with its own decoder thread (at least one)
 * @param pacing         files: emit at the video's own frame rate, or as fast as downstream takes frames
 * @param atEnd          files: at the end of a stream's last file, stop emitting, or start again from its first
 * @param jpegQuality    quality of the JPEG each frame is carried as, 1..100
 * @param rtspTransport  RTSP over TCP (interleaved, firewall friendly) or UDP
 * @param queueFrames    decoded frames held per stream ahead of Numaflow's reads; bounds memory and latency
 * @param openTimeout    longest a live stream may take to open (connect, describe, first packets)
 * @param stallTimeout   a live stream that delivers no picture for this long is closed and reopened
 * @param reconnectMin   first wait before reopening a lost live stream (the waits double up to reconnectMax)
 * @param reconnectMax   longest wait between two attempts to reopen a live stream
 * @param decoder        who decodes: NVDEC when a CUDA device is visible (auto), always the CPU, or NVDEC
 * @param decoderThreads FFmpeg decoding threads per stream on the CPU; 0 lets FFmpeg choose from the cores
 * @param maxFrameBytes  frames whose message is larger are not emitted (logged and counted)
 * @param positionFile   where file streams keep the position of their last acknowledged frame; none: no resume
 * @param maxFrameSize   pictures larger than this are scaled down to fit before they are JPEG-encoded; none: every
 *                       picture is emitted at its full resolution. From the environment: the pipeline's display box
 *                       ({@link SharedSettings#DISPLAY_SIZE})
 */
public record SourceConfig(List<StreamSpec> streams, Pacing pacing, AtEnd atEnd, int jpegQuality,
                           RtspTransport rtspTransport, int queueFrames, Duration openTimeout, Duration stallTimeout,
                           Duration reconnectMin, Duration reconnectMax, DecoderSetting decoder, int decoderThreads,
                           int maxFrameBytes, Optional<Path> positionFile, Optional<FrameSizeLimit> maxFrameSize) {

    public enum Pacing { REALTIME, AS_FAST_AS_POSSIBLE }

    public enum AtEnd { STOP, LOOP }

    public enum RtspTransport { TCP, UDP }

    public static final int DEFAULT_QUEUE_FRAMES = 8;
    public static final Duration DEFAULT_OPEN_TIMEOUT = Duration.ofSeconds(10);
    public static final Duration DEFAULT_STALL_TIMEOUT = Duration.ofSeconds(10);
    public static final Duration DEFAULT_RECONNECT_MIN = Duration.ofSeconds(1);
    public static final Duration DEFAULT_RECONNECT_MAX = Duration.ofSeconds(30);
    /** 8 MiB: the largest JetStream payload Numaflow advises (its default is 1 MiB; 4K frames need more). */
    public static final int DEFAULT_MAX_FRAME_BYTES = 8 * 1024 * 1024;
    public static final int MIN_FRAME_BYTES = 16 * 1024;
    public static final int MAX_FRAME_BYTES_LIMIT = 64 * 1024 * 1024;
    /** In a directory, the position file is this file inside it. */
    public static final String POSITION_FILE_NAME = "veil-source-positions.properties";

    public static final Setting<String> INPUT = Setting.text("VEIL_INPUT",
            "a video file, a directory of videos or a stream URL to read (or set VEIL_INPUTS)").required();
    public static final Setting<String> INPUTS = Setting.text("VEIL_INPUTS",
            "several streams, a decoder thread each: entries one per line or comma-separated, each input or id=input");
    public static final Setting<String> STREAM_ID = Setting.text("VEIL_STREAM_ID",
            "with VEIL_INPUT: key of every message, name of the stream in the viewer")
            .byDefaultDescribed("from the input's name");
    public static final Setting<Pacing> PACING = Setting.choice("VEIL_PACING", Pacing.class,
            "files: at the video's own frame rate, or as fast as downstream takes frames").byDefault(Pacing.REALTIME);
    public static final Setting<AtEnd> AT_END = Setting.choice("VEIL_AT_END_OF_INPUT", AtEnd.class,
            "files: at the end of a stream's last file, stop emitting or start again").byDefault(AtEnd.STOP);
    public static final Setting<Integer> JPEG_QUALITY = SharedSettings.JPEG_QUALITY;
    public static final Setting<RtspTransport> RTSP_TRANSPORT = Setting.choice("VEIL_RTSP_TRANSPORT",
            RtspTransport.class, "RTSP over TCP or UDP").byDefault(RtspTransport.TCP);
    public static final Setting<Integer> QUEUE_FRAMES = Setting.integer("VEIL_SOURCE_QUEUE_FRAMES", 1, 1024,
            "decoded frames held per stream ahead of Numaflow's reads").byDefault(DEFAULT_QUEUE_FRAMES);
    public static final Setting<Duration> OPEN_TIMEOUT = Setting.positiveDuration("VEIL_OPEN_TIMEOUT",
            "longest a live stream may take to open").byDefault(DEFAULT_OPEN_TIMEOUT);
    public static final Setting<Duration> STALL_TIMEOUT = Setting.positiveDuration("VEIL_STALL_TIMEOUT",
            "a live stream that delivers no picture for this long is closed and reopened")
            .byDefault(DEFAULT_STALL_TIMEOUT);
    public static final Setting<Duration> RECONNECT_MIN = Setting.positiveDuration("VEIL_RECONNECT_MIN_DELAY",
            "first wait before reopening a lost live stream").byDefault(DEFAULT_RECONNECT_MIN);
    public static final Setting<Duration> RECONNECT_MAX = Setting.positiveDuration("VEIL_RECONNECT_MAX_DELAY",
            "longest wait between two attempts to reopen a live stream").byDefault(DEFAULT_RECONNECT_MAX);
    public static final Setting<DecoderSetting> DECODER = Setting.choice("VEIL_DECODER", DecoderSetting.class,
            "who decodes: NVDEC when a CUDA device is visible (auto), the CPU, or NVDEC")
            .byDefault(DecoderSetting.AUTO);
    public static final Setting<Integer> DECODER_THREADS = Setting.integer("VEIL_DECODER_THREADS", 0, 64,
            "FFmpeg decoding threads per stream on the CPU; 0 lets FFmpeg choose").byDefault(0);
    public static final Setting<Integer> MAX_FRAME_BYTES = Setting.integer("VEIL_MAX_FRAME_BYTES", MIN_FRAME_BYTES,
            MAX_FRAME_BYTES_LIMIT, "frames whose message is larger are not emitted").byDefault(DEFAULT_MAX_FRAME_BYTES);
    public static final Setting<Path> POSITION_FILE = Setting.path("VEIL_POSITION_FILE",
            "file or directory where file streams keep the position of their last acknowledged frame");
    /** The pipeline's display box: pictures are scaled into it while they are decoded. */
    public static final Setting<DisplayBox> MAX_SIZE = SharedSettings.DISPLAY_SIZE;

    /** Every variable the source reads. */
    public static final ProgramSettings SETTINGS = new ProgramSettings("source-rtsp", List.of(INPUT, INPUTS,
            STREAM_ID, PACING, AT_END, POSITION_FILE, JPEG_QUALITY, MAX_FRAME_BYTES, QUEUE_FRAMES, RTSP_TRANSPORT,
            OPEN_TIMEOUT, STALL_TIMEOUT, RECONNECT_MIN, RECONNECT_MAX, DECODER, DECODER_THREADS, MAX_SIZE),
            SourceConfig::fromEnv);

    private static final Pattern ENTRY_ID = Pattern.compile("^(" + StreamSpec.ID_PATTERN + ")=(.+)$", Pattern.DOTALL);

    public SourceConfig {
        if (streams == null || streams.isEmpty()) {
            throw new ConfigException(INPUT + " is empty: give a video file or a stream URL");
        }
        streams = List.copyOf(streams);
        Map<String, StreamSpec> byId = new LinkedHashMap<>();
        for (StreamSpec s : streams) {
            if (byId.put(s.streamId(), s) != null) {
                throw new ConfigException(INPUTS + " names stream " + s.streamId() + " twice");
            }
        }
        JPEG_QUALITY.check(jpegQuality);
        QUEUE_FRAMES.check(queueFrames);
        OPEN_TIMEOUT.check(Objects.requireNonNull(openTimeout, "openTimeout"));
        STALL_TIMEOUT.check(Objects.requireNonNull(stallTimeout, "stallTimeout"));
        RECONNECT_MIN.check(Objects.requireNonNull(reconnectMin, "reconnectMin"));
        RECONNECT_MAX.check(Objects.requireNonNull(reconnectMax, "reconnectMax"));
        if (reconnectMax.compareTo(reconnectMin) < 0) {
            throw new ConfigException(RECONNECT_MAX + "=" + reconnectMax + " is shorter than " + RECONNECT_MIN + "="
                    + reconnectMin);
        }
        if (decoder == null) {
            throw new ConfigException(DECODER + " is not one of " + Env.choices(DecoderSetting.class));
        }
        DECODER_THREADS.check(decoderThreads);
        MAX_FRAME_BYTES.check(maxFrameBytes);
        positionFile = positionFile == null ? Optional.empty() : positionFile;
        positionFile.ifPresent(SourceConfig::requireWritablePlace);
        maxFrameSize = maxFrameSize == null ? Optional.empty() : maxFrameSize;
    }

    /** One input with the defaults of everything this constructor does not name (as {@code veil run} uses it). */
    public SourceConfig(String input, String streamId, Pacing pacing, AtEnd atEnd, int jpegQuality,
                        RtspTransport rtspTransport, int queueFrames) {
        this(List.of(StreamSpec.of(input, streamId)), pacing, atEnd, jpegQuality, rtspTransport, queueFrames,
                DEFAULT_OPEN_TIMEOUT, DEFAULT_STALL_TIMEOUT, DEFAULT_RECONNECT_MIN, DEFAULT_RECONNECT_MAX,
                DECODER.defaultValue(), DECODER_THREADS.defaultValue(), DEFAULT_MAX_FRAME_BYTES, Optional.empty(),
                Optional.empty());
    }

    public static SourceConfig fromEnv(Env env) {
        Optional<String> single = INPUT.optional(env);
        Optional<String> list = INPUTS.optional(env);
        List<StreamSpec> streams;
        if (single.isPresent() && list.isPresent()) {
            throw new ConfigException(INPUT + " and " + INPUTS + " are both set: give one input in " + INPUT
                    + ", or several in " + INPUTS);
        } else if (list.isPresent()) {
            if (STREAM_ID.optional(env).isPresent()) {
                throw new ConfigException(STREAM_ID + " goes with " + INPUT + "; in " + INPUTS
                        + " give each stream's id as id=input");
            }
            streams = parseInputs(list.get());
        } else {
            String input = INPUT.readRequired(env);
            streams = List.of(StreamSpec.of(input, STREAM_ID.optional(env).orElse(streamIdFor(input))));
        }
        Duration reconnectMin = RECONNECT_MIN.read(env);
        DisplayBox box = MAX_SIZE.read(env);
        return new SourceConfig(
                streams,
                PACING.read(env),
                AT_END.read(env),
                JPEG_QUALITY.read(env),
                RTSP_TRANSPORT.read(env),
                QUEUE_FRAMES.read(env),
                OPEN_TIMEOUT.read(env),
                STALL_TIMEOUT.read(env),
                reconnectMin,
                // An unset maximum is never below the minimum given.
                RECONNECT_MAX.optional(env).orElse(DEFAULT_RECONNECT_MAX.compareTo(reconnectMin) < 0
                        ? reconnectMin : DEFAULT_RECONNECT_MAX),
                DECODER.read(env),
                DECODER_THREADS.read(env),
                MAX_FRAME_BYTES.read(env),
                POSITION_FILE.optional(env),
                Optional.of(new FrameSizeLimit(box.width(), box.height())));
    }

    /**
     * Parses {@code VEIL_INPUTS}: entries separated by newlines, or by commas when the value has no newline;
     * each entry is {@code input} or {@code id=input}. Entries that give the same id form one stream of files
     * played in the order given; a stream id derived from two inputs' names is refused (give ids).
     */
    static List<StreamSpec> parseInputs(String raw) {
        String separator = raw.contains("\n") ? "\\r?\\n" : ",";
        Map<String, List<String>> inputsById = new LinkedHashMap<>();
        Map<String, Boolean> explicit = new LinkedHashMap<>();
        for (String part : raw.split(separator)) {
            String entry = part.trim();
            if (entry.isEmpty()) {
                continue;
            }
            Matcher m = ENTRY_ID.matcher(entry);
            boolean named = m.matches();
            String id = named ? m.group(1) : streamIdFor(entry);
            String input = named ? m.group(2).trim() : entry;
            List<String> inputs = inputsById.computeIfAbsent(id, k -> new ArrayList<>());
            Boolean wasNamed = explicit.put(id, named);
            if (!inputs.isEmpty() && (!named || !wasNamed)) {
                throw new ConfigException(INPUTS + ": two inputs are both named " + id
                        + "; give each stream an id (id=input), or the same id to files that play one after the other");
            }
            inputs.add(input);
        }
        if (inputsById.isEmpty()) {
            throw new ConfigException(INPUTS + " lists no input");
        }
        return inputsById.entrySet().stream().map(e -> new StreamSpec(e.getKey(), e.getValue()))
                .collect(Collectors.toList());
    }

    /** Defaults for an input, as {@code veil run} starts from. */
    public static SourceConfig forInput(String input) {
        return new SourceConfig(input, streamIdFor(input), PACING.defaultValue(), AT_END.defaultValue(),
                JPEG_QUALITY.defaultValue(), RTSP_TRANSPORT.defaultValue(), DEFAULT_QUEUE_FRAMES);
    }

    /** This configuration with its position file set (files resume after their last acknowledged frame). */
    public SourceConfig withPositionFile(Path path) {
        return new SourceConfig(streams, pacing, atEnd, jpegQuality, rtspTransport, queueFrames, openTimeout,
                stallTimeout, reconnectMin, reconnectMax, decoder, decoderThreads, maxFrameBytes, Optional.of(path),
                maxFrameSize);
    }

    /** This configuration with pictures scaled to fit {@code limit} (empty: full resolution). */
    public SourceConfig withMaxFrameSize(Optional<FrameSizeLimit> limit) {
        return new SourceConfig(streams, pacing, atEnd, jpegQuality, rtspTransport, queueFrames, openTimeout,
                stallTimeout, reconnectMin, reconnectMax, decoder, decoderThreads, maxFrameBytes, positionFile, limit);
    }

    /** True for anything FFmpeg should open as a URL rather than a local path. */
    public static boolean isUrl(String input) {
        return input.matches("^[a-zA-Z][a-zA-Z0-9+.-]*://.*");
    }

    /** The first (for {@code veil run}: the only) stream's input. */
    public String input() {
        return streams.get(0).inputs().get(0);
    }

    /** The first (for {@code veil run}: the only) stream's id. */
    public String streamId() {
        return streams.get(0).streamId();
    }

    /** True when any stream is live. */
    public boolean isLive() {
        return streams.stream().anyMatch(StreamSpec::isLive);
    }

    /** The position file itself: the configured path, or the standard file inside it when it is a directory. */
    public Optional<Path> positionFilePath() {
        return positionFile.map(p -> Files.isDirectory(p) ? p.resolve(POSITION_FILE_NAME) : p);
    }

    /** A stream id from the input's last path element without extension: {@code /v/lobby.mp4} gives {@code lobby}. */
    public static String streamIdFor(String input) {
        String path;
        try {
            path = isUrl(input) ? URI.create(input.replace(" ", "%20")).getPath() : input;
        } catch (IllegalArgumentException e) {
            path = input.replaceFirst("^[a-zA-Z][a-zA-Z0-9+.-]*://[^/]*", "").replaceFirst("[?#].*$", "");
        }
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

    /** Every input as it may appear in logs and on screens: user and password removed. */
    public String inputForLogs() {
        return streams.stream().map(StreamSpec::inputForLogs).collect(Collectors.joining(", "));
    }

    private static void requireWritablePlace(Path path) {
        Path dir = Files.isDirectory(path) ? path : path.toAbsolutePath().getParent();
        if (dir == null || !Files.isDirectory(dir) || !Files.isWritable(dir)) {
            throw new ConfigException(POSITION_FILE + "=" + path + ": directory " + dir
                    + " does not exist or is not writable (mount a volume there)");
        }
    }
}
