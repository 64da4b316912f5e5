package dev.veil.sink;

import dev.veil.frame.InvalidFrameException;
import dev.veil.stage.FrameInfo;
import dev.veil.stage.Picture;
import java.io.IOException;

/**
 * Where the sink's anonymized frames go to be shown: the display server over HTTP ({@link DisplayClient}, the
 * cluster's sink vertex), or a display server in the same process ({@link InProcessDisplay}, {@code veil run}).
 */
public interface DisplayLink {

    /**
     * Shows one anonymized frame (the picture stays the caller's); throws when the display does not accept it (the
     * cluster's sink then answers Numaflow with a failure, which retries it).
     */
    void send(FrameInfo frame, Picture picture) throws IOException, InterruptedException, InvalidFrameException;

    /** Where frames go, for logs. */
    String describe();
}
