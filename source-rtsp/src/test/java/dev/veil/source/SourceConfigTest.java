package dev.veil.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.veil.config.ConfigException;
import dev.veil.config.Env;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SourceConfigTest {

    @TempDir
    Path dir;

    @Test
    void defaultsForAFile() throws Exception {
        Path video = Files.createFile(dir.resolve("lobby camera.mp4"));
        SourceConfig config = SourceConfig.fromEnv(Env.of(Map.of("VEIL_INPUT", video.toString())));
        assertEquals("lobby-camera", config.streamId());
        assertEquals(SourceConfig.Pacing.REALTIME, config.pacing());
        assertEquals(SourceConfig.AtEnd.STOP, config.atEnd());
        assertEquals(90, config.jpegQuality());
        assertFalse(config.isLive());
    }

    @Test
    void urlsAreLiveAndNameTheirStreamAfterThePath() {
        SourceConfig config = SourceConfig.fromEnv(Env.of(Map.of(
                "VEIL_INPUT", "rtsp://u:p@127.0.0.1:8554/cam-7", "VEIL_RTSP_TRANSPORT", "udp",
                "VEIL_AT_END_OF_INPUT", "loop", "VEIL_PACING", "as-fast-as-possible")));
        assertTrue(config.isLive());
        assertEquals("cam-7", config.streamId());
        assertEquals(SourceConfig.RtspTransport.UDP, config.rtspTransport());
        assertEquals("rtsp://***@127.0.0.1:8554/cam-7", config.inputForLogs());
    }

    @Test
    void badValuesNameTheVariable() {
        ConfigException missing = assertThrows(ConfigException.class, () -> SourceConfig.fromEnv(Env.of(Map.of())));
        assertTrue(missing.getMessage().startsWith("VEIL_INPUT is not set"), missing.getMessage());

        ConfigException noFile = assertThrows(ConfigException.class,
                () -> SourceConfig.fromEnv(Env.of(Map.of("VEIL_INPUT", dir.resolve("nope.mp4").toString()))));
        assertTrue(noFile.getMessage().startsWith("VEIL_INPUT="), noFile.getMessage());

        ConfigException pacing = assertThrows(ConfigException.class, () -> SourceConfig.fromEnv(Env.of(Map.of(
                "VEIL_INPUT", "rtsp://h/s", "VEIL_PACING", "fast"))));
        assertEquals("VEIL_PACING=fast is not one of realtime, as-fast-as-possible", pacing.getMessage());

        ConfigException stream = assertThrows(ConfigException.class, () -> SourceConfig.fromEnv(Env.of(Map.of(
                "VEIL_INPUT", "rtsp://h/s", "VEIL_STREAM_ID", "bad id!"))));
        assertTrue(stream.getMessage().startsWith("VEIL_STREAM_ID=bad id!"), stream.getMessage());
    }
}
