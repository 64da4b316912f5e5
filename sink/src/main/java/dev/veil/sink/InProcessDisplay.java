package dev.veil.sink;

import dev.veil.config.Env;
import dev.veil.display.DisplayServer;
import dev.veil.frame.FrameCodec;
import dev.veil.frame.InvalidFrameException;
import dev.veil.frame.v1.Frame;
import java.io.IOException;

/**
 * The display server of this process as the sink's display ({@code veil run}): frames are handed over as objects,
 * with no HTTP, serialization or parsing between (about 4 ms of CPU a 720p frame on two cores, measured in
 * docs/benchmarks.md). They are validated as the server would validate them off the network.
 */
public final class InProcessDisplay implements DisplayLink {

    private final DisplayServer server;
    private final String mode;

    public InProcessDisplay(DisplayServer server, AnonymizeMode mode) {
        this.server = server;
        this.mode = Env.spelling(mode);
    }

    @Override
    public void send(Frame frame) throws IOException, InvalidFrameException {
        FrameCodec.validate(frame);
        server.ingest(frame, mode);
    }

    @Override
    public String describe() {
        return "the display server of this process";
    }
}
