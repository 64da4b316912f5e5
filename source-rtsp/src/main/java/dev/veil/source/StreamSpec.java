package dev.veil.source;

import dev.veil.config.ConfigException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

/**
 * One stream of the vertex: its id (the key of its messages) and where its pictures come from, either one
 * live URL, or files played one after the other (each a file, or a directory whose videos play in name order).
 *
 * @param streamId the key of every message of this stream; names it in the display, in logs and in offsets
 * @param inputs   one URL, or one or more file and directory paths
 */
public record StreamSpec(String streamId, List<String> inputs) {

    static final String ID_PATTERN = "[A-Za-z0-9][A-Za-z0-9_.-]{0,62}";

    public StreamSpec {
        if (streamId == null || !streamId.matches(ID_PATTERN)) {
            throw new ConfigException(SourceConfig.STREAM_ID + "=" + streamId
                    + " must be 1..63 letters, digits, '.', '_' or '-', starting with a letter or digit");
        }
        if (inputs == null || inputs.isEmpty()) {
            throw new ConfigException("stream " + streamId + " has no input");
        }
        inputs = List.copyOf(inputs);
        for (String input : inputs) {
            if (input == null || input.isBlank()) {
                throw new ConfigException(SourceConfig.INPUT + " is empty: give a video file or a stream URL");
            }
            if (SourceConfig.isUrl(input)) {
                Credentials.remember(input);
                if (inputs.size() > 1) {
                    throw new ConfigException("stream " + streamId + " mixes a URL (" + RedactedUrl.of(input)
                            + ") with other inputs: a live stream has exactly one URL");
                }
            } else if (!Files.isRegularFile(Path.of(input)) && !Files.isDirectory(Path.of(input))) {
                throw new ConfigException(SourceConfig.INPUT + "=" + input
                        + " is neither a readable file, a directory nor a URL");
            }
        }
    }

    /** A single input, named after it unless an id is given. */
    public static StreamSpec of(String input, String streamId) {
        return new StreamSpec(streamId, List.of(input));
    }

    /** Live: a network URL, read as it comes, never resumed. Files are read with backpressure and resumed. */
    public boolean isLive() {
        return SourceConfig.isUrl(inputs.get(0)) && !inputs.get(0).regionMatches(true, 0, "file:", 0, 5);
    }

    /** The inputs as they may appear in logs and on screens: user and password removed. */
    public String inputForLogs() {
        return inputs.stream().map(RedactedUrl::of).collect(Collectors.joining(", "));
    }
}
