package dev.veil.source;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** A source configuration for tests: quick timeouts, as fast as possible; change what the test is about. */
final class TestConfig {

    private final List<StreamSpec> streams;
    SourceConfig.Pacing pacing = SourceConfig.Pacing.AS_FAST_AS_POSSIBLE;
    SourceConfig.AtEnd atEnd = SourceConfig.AtEnd.STOP;
    SourceConfig.RtspTransport transport = SourceConfig.RtspTransport.TCP;
    int jpegQuality = 85;
    int queueFrames = 8;
    Duration openTimeout = Duration.ofSeconds(5);
    Duration stallTimeout = Duration.ofSeconds(5);
    Duration reconnectMin = Duration.ofMillis(100);
    Duration reconnectMax = Duration.ofSeconds(1);
    DecoderSetting decoder = DecoderSetting.AUTO;
    int maxFrameBytes = SourceConfig.DEFAULT_MAX_FRAME_BYTES;
    Path positionFile;
    FrameSizeLimit maxFrameSize;

    private TestConfig(List<StreamSpec> streams) {
        this.streams = streams;
    }

    /** One stream named after its input. */
    static TestConfig of(String input) {
        return new TestConfig(List.of(StreamSpec.of(input, SourceConfig.streamIdFor(input))));
    }

    static TestConfig of(Path file) {
        return of(file.toString());
    }

    static TestConfig of(StreamSpec... streams) {
        return new TestConfig(List.of(streams));
    }

    SourceConfig build() {
        return new SourceConfig(streams, pacing, atEnd, jpegQuality, transport, queueFrames, openTimeout, stallTimeout,
                reconnectMin, reconnectMax, decoder, 0, maxFrameBytes, Optional.ofNullable(positionFile),
                Optional.ofNullable(maxFrameSize));
    }
}
