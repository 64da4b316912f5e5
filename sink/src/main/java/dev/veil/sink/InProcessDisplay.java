package dev.veil.sink;

import dev.veil.config.Env;
import dev.veil.display.DisplayServer;
import dev.veil.frame.InvalidFrameException;
import dev.veil.stage.FrameInfo;
import dev.veil.stage.Picture;
import dev.veil.stage.WireFrames;
import java.io.IOException;

/**
 * The display server of this process as the sink's display ({@code veil run}): frames are handed over as pixels, with
 * no HTTP, serialization, parsing or JPEG between; the display encodes a picture only when a viewer asks for it.
 */
public final class InProcessDisplay implements DisplayLink {

    private final DisplayServer server;
    private final String mode;
    private final int jpegQuality;

    /** @param jpegQuality quality of the JPEG viewers get */
    public InProcessDisplay(DisplayServer server, AnonymizeMode mode, int jpegQuality) {
        this.server = server;
        this.mode = Env.spelling(mode);
        this.jpegQuality = jpegQuality;
    }

    @Override
    public void send(FrameInfo frame, Picture picture) throws IOException, InvalidFrameException {
        server.show(WireFrames.metadata(frame, picture.width(), picture.height()), frame.faces().size(),
                picture.pixels(), jpegQuality, mode);
    }

    @Override
    public String describe() {
        return "the display server of this process";
    }
}
