package dev.veil.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.veil.config.ConfigException;
import dev.veil.config.Env;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SourceConfigTest {

    @TempDir
    Path dir;

    private static SourceConfig parse(Map<String, String> env) {
        return SourceConfig.fromEnv(Env.of(env));
    }

    private static ConfigException refused(Map<String, String> env) {
        return assertThrows(ConfigException.class, () -> parse(env));
    }

    @Test
    void defaultsForAFile() throws Exception {
        Path video = Files.createFile(dir.resolve("lobby camera.mp4"));
        SourceConfig config = parse(Map.of("VEIL_INPUT", video.toString()));
        assertEquals("lobby-camera", config.streamId());
        assertEquals(SourceConfig.Pacing.REALTIME, config.pacing());
        assertEquals(SourceConfig.AtEnd.STOP, config.atEnd());
        assertEquals(90, config.jpegQuality());
        assertEquals(8, config.queueFrames());
        assertEquals(Duration.ofSeconds(10), config.openTimeout());
        assertEquals(Duration.ofSeconds(10), config.stallTimeout());
        assertEquals(Duration.ofSeconds(1), config.reconnectMin());
        assertEquals(Duration.ofSeconds(30), config.reconnectMax());
        assertEquals(DecoderSetting.AUTO, config.decoder());
        assertEquals(0, config.decoderThreads());
        assertEquals(8 * 1024 * 1024, config.maxFrameBytes());
        assertEquals(Optional.empty(), config.positionFile());
        assertEquals(Optional.of(new FrameSizeLimit(1280, 720)), config.maxFrameSize(),
                "the pipeline's display box unless another is given");
        assertFalse(config.isLive());
    }

    @Test
    void theSizeLimitIsTheDisplayBoxAndFitsLikeFilterResize() {
        assertEquals(Optional.of(new FrameSizeLimit(8192, 8192)),
                parse(Map.of("VEIL_INPUT", "rtsp://h/s", "VEIL_DISPLAY_SIZE", "8192x8192")).maxFrameSize(),
                "the largest box keeps every picture whole");
        assertEquals("VEIL_DISPLAY_SIZE=720p is not a size such as 1280x720",
                refused(Map.of("VEIL_INPUT", "rtsp://h/s", "VEIL_DISPLAY_SIZE", "720p")).getMessage());
        assertTrue(refused(Map.of("VEIL_INPUT", "rtsp://h/s", "VEIL_DISPLAY_SIZE", "8x8")).getMessage()
                .startsWith("VEIL_DISPLAY_SIZE=8x8 is out of range"));
        FrameSizeLimit box = new FrameSizeLimit(1280, 720);
        assertEquals(new FrameSizeLimit.Size(1280, 720), box.fit(3840, 2160));
        assertEquals(new FrameSizeLimit.Size(1280, 720), box.fit(1920, 1080));
        assertEquals(new FrameSizeLimit.Size(1280, 720), box.fit(1280, 720));
        assertEquals(new FrameSizeLimit.Size(640, 480), box.fit(640, 480), "never enlarged");
        assertEquals(new FrameSizeLimit.Size(960, 720), box.fit(2048, 1536), "4:3 fits by its height");
        assertEquals(new FrameSizeLimit.Size(1280, 548), box.fit(2560, 1095), "even sides");
    }

    @Test
    void urlsAreLiveAndNameTheirStreamAfterThePath() {
        SourceConfig config = parse(Map.of(
                "VEIL_INPUT", "rtsp://u:p@127.0.0.1:8554/cam-7", "VEIL_RTSP_TRANSPORT", "udp",
                "VEIL_AT_END_OF_INPUT", "loop", "VEIL_PACING", "as-fast-as-possible"));
        assertTrue(config.isLive());
        assertEquals("cam-7", config.streamId());
        assertEquals(SourceConfig.RtspTransport.UDP, config.rtspTransport());
        assertEquals("rtsp://***@127.0.0.1:8554/cam-7", config.inputForLogs());
    }

    @Test
    void everySettingIsRead() throws Exception {
        SourceConfig config = parse(Map.ofEntries(
                Map.entry("VEIL_INPUT", "rtsps://cam.local/main"), Map.entry("VEIL_SOURCE_QUEUE_FRAMES", "3"),
                Map.entry("VEIL_OPEN_TIMEOUT", "4s"), Map.entry("VEIL_STALL_TIMEOUT", "2500ms"),
                Map.entry("VEIL_RECONNECT_MIN_DELAY", "200ms"), Map.entry("VEIL_RECONNECT_MAX_DELAY", "1m"),
                Map.entry("VEIL_DECODER", "nvdec"), Map.entry("VEIL_DECODER_THREADS", "4"),
                Map.entry("VEIL_MAX_FRAME_BYTES", "1048576"), Map.entry("VEIL_JPEG_QUALITY", "75"),
                Map.entry("VEIL_POSITION_FILE", dir.toString()), Map.entry("VEIL_DISPLAY_SIZE", "1920x1080")));
        assertEquals(Optional.of(new FrameSizeLimit(1920, 1080)), config.maxFrameSize());
        assertEquals(3, config.queueFrames());
        assertEquals(Duration.ofSeconds(4), config.openTimeout());
        assertEquals(Duration.ofMillis(2500), config.stallTimeout());
        assertEquals(Duration.ofMillis(200), config.reconnectMin());
        assertEquals(Duration.ofMinutes(1), config.reconnectMax());
        assertEquals(DecoderSetting.NVDEC, config.decoder());
        assertEquals(4, config.decoderThreads());
        assertEquals(1_048_576, config.maxFrameBytes());
        assertEquals(75, config.jpegQuality());
        assertEquals(Optional.of(dir.resolve("veil-source-positions.properties")), config.positionFilePath(),
                "a directory holds the standard file");
        Path file = dir.resolve("lobby.position");
        assertEquals(Optional.of(file), parse(Map.of("VEIL_INPUT", "rtsp://h/s", "VEIL_POSITION_FILE", file.toString()))
                .positionFilePath());
    }

    @Test
    void theDeclaredSettingsAreWhatTheSourceReads() throws Exception {
        Path a = Files.createFile(dir.resolve("a.mp4"));
        assertEquals(Optional.empty(), SourceConfig.SETTINGS.refusal(Map.of("VEIL_INPUT", a.toString())));
        assertEquals(Optional.empty(), SourceConfig.SETTINGS.refusal(Map.of("VEIL_INPUTS", "x=" + a)));
        assertEquals(Optional.of("VEIL_JPEG_QUALITY=0 is out of range 1..100"),
                SourceConfig.SETTINGS.refusal(Map.of("VEIL_INPUT", a.toString(), "VEIL_JPEG_QUALITY", "0")));
        assertEquals(java.util.Set.of("VEIL_INPUT"), SourceConfig.SETTINGS.requiredNames());
    }

    @Test
    void aConfigMadeInCodeIsHeldToTheDeclaredRanges() {
        ConfigException quality = assertThrows(ConfigException.class, () -> new SourceConfig("rtsp://h/s", "s",
                SourceConfig.Pacing.REALTIME, SourceConfig.AtEnd.STOP, 101, SourceConfig.RtspTransport.TCP, 8));
        assertEquals("VEIL_JPEG_QUALITY=101 is out of range 1..100", quality.getMessage());
        ConfigException queue = assertThrows(ConfigException.class, () -> new SourceConfig("rtsp://h/s", "s",
                SourceConfig.Pacing.REALTIME, SourceConfig.AtEnd.STOP, 90, SourceConfig.RtspTransport.TCP, 0));
        assertEquals("VEIL_SOURCE_QUEUE_FRAMES=0 is out of range 1..1024", queue.getMessage());
    }

    @Test
    void severalStreamsInOneVertex() throws Exception {
        Path a = Files.createFile(dir.resolve("a.mp4"));
        Path b = Files.createFile(dir.resolve("b.mp4"));
        Path archive = Files.createDirectories(dir.resolve("archive"));
        SourceConfig commas = parse(Map.of("VEIL_INPUTS",
                "rtsp://admin:pw@cam1.local/live, gate=rtsp://cam2.local/live?channel=1&x=y," + a));
        assertEquals(List.of("live", "gate", "a"), commas.streams().stream().map(StreamSpec::streamId).toList());
        assertEquals(List.of("rtsp://cam2.local/live?channel=1&x=y"), commas.streams().get(1).inputs());
        assertTrue(commas.streams().get(0).isLive());
        assertFalse(commas.streams().get(2).isLive());

        SourceConfig lines = parse(Map.of("VEIL_INPUTS",
                "shop=" + a + "\n\n  shop=" + b + "\nvault=" + archive + "\r\nrtsp://cam3.local/a,b\n"));
        assertEquals(List.of(new StreamSpec("shop", List.of(a.toString(), b.toString())),
                        new StreamSpec("vault", List.of(archive.toString())),
                        new StreamSpec("a-b", List.of("rtsp://cam3.local/a,b"))),
                lines.streams(), "the same id plays files one after the other; a newline list keeps commas");
    }

    @Test
    void badStreamListsAreRefusedNamingTheProblem() throws Exception {
        Path a = Files.createFile(dir.resolve("a.mp4"));
        assertTrue(refused(Map.of("VEIL_INPUTS", "rtsp://one.local/live,rtsp://two.local/live")).getMessage()
                .contains("two inputs are both named live"));
        assertTrue(refused(Map.of("VEIL_INPUTS", "x=rtsp://one.local/live,x=" + a)).getMessage()
                .contains("mixes a URL (rtsp://one.local/live) with other inputs"));
        assertTrue(refused(Map.of("VEIL_INPUTS", "rtsp://h/a", "VEIL_INPUT", "rtsp://h/b")).getMessage()
                .startsWith("VEIL_INPUT and VEIL_INPUTS are both set"));
        assertTrue(refused(Map.of("VEIL_INPUTS", "rtsp://h/a", "VEIL_STREAM_ID", "x")).getMessage()
                .startsWith("VEIL_STREAM_ID goes with VEIL_INPUT"));
        assertEquals("VEIL_INPUTS lists no input", refused(Map.of("VEIL_INPUTS", " , ,")).getMessage());
    }

    @Test
    void badValuesNameTheVariable() {
        ConfigException missing = refused(Map.of());
        assertTrue(missing.getMessage().startsWith("VEIL_INPUT is not set"), missing.getMessage());

        ConfigException noFile = refused(Map.of("VEIL_INPUT", dir.resolve("nope.mp4").toString()));
        assertTrue(noFile.getMessage().startsWith("VEIL_INPUT="), noFile.getMessage());

        assertEquals("VEIL_PACING=fast is not one of realtime, as-fast-as-possible",
                refused(Map.of("VEIL_INPUT", "rtsp://h/s", "VEIL_PACING", "fast")).getMessage());
        assertTrue(refused(Map.of("VEIL_INPUT", "rtsp://h/s", "VEIL_STREAM_ID", "bad id!")).getMessage()
                .startsWith("VEIL_STREAM_ID=bad id!"));
        assertEquals("VEIL_DECODER=gpu is not one of auto, cpu, nvdec",
                refused(Map.of("VEIL_INPUT", "rtsp://h/s", "VEIL_DECODER", "gpu")).getMessage());
        assertEquals("VEIL_STALL_TIMEOUT=10 is not a duration such as 250ms, 5s, 2m or 1h",
                refused(Map.of("VEIL_INPUT", "rtsp://h/s", "VEIL_STALL_TIMEOUT", "10")).getMessage());
        assertTrue(refused(Map.of("VEIL_INPUT", "rtsp://h/s", "VEIL_RECONNECT_MIN_DELAY", "5s",
                "VEIL_RECONNECT_MAX_DELAY", "1s")).getMessage().startsWith("VEIL_RECONNECT_MAX_DELAY=PT1S is shorter"));
        assertEquals("VEIL_MAX_FRAME_BYTES=100 is out of range 16384..67108864",
                refused(Map.of("VEIL_INPUT", "rtsp://h/s", "VEIL_MAX_FRAME_BYTES", "100")).getMessage());
        assertTrue(refused(Map.of("VEIL_INPUT", "rtsp://h/s", "VEIL_POSITION_FILE",
                dir.resolve("no/such/dir/pos").toString())).getMessage().contains("does not exist or is not writable"));
    }
}
