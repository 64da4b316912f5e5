package dev.veil.sink;

import dev.veil.config.Env;
import dev.veil.display.protocol.IngestProtocol;
import dev.veil.frame.InvalidFrameException;
import dev.veil.stage.FrameInfo;
import dev.veil.stage.Picture;
import dev.veil.stage.VideoFrame;
import dev.veil.stage.WireFrames;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;

/**
 * POSTs anonymized frames to the display server over kept-alive HTTP/1.1 connections, each request bounded by
 * the timeout. Every request says how the sink treats faces, so the viewer can warn when they are not hidden.
 * Thread-safe.
 */
public final class DisplayClient implements DisplayLink {

    private final HttpClient http;
    private final URI ingest;
    private final Optional<String> token;
    private final Duration timeout;
    private final String mode;
    private final int jpegQuality;

    /** @param jpegQuality quality of the JPEG of a picture the sink changed (an unchanged one goes as it came) */
    public DisplayClient(URI displayUrl, Optional<String> token, Duration timeout, AnonymizeMode mode,
                         int jpegQuality) {
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(timeout).build();
        this.ingest = displayUrl.resolve(IngestProtocol.PATH);
        this.token = token;
        this.timeout = timeout;
        this.mode = Env.spelling(mode);
        this.jpegQuality = jpegQuality;
    }

    @Override
    public void send(FrameInfo frame, Picture picture) throws IOException, InterruptedException, InvalidFrameException {
        send(WireFrames.encode(new VideoFrame(frame, picture), jpegQuality));
    }

    @Override
    public String describe() {
        return ingest.toString();
    }

    /** Sends one encoded frame; throws with the server's answer when it is not accepted. */
    public void send(byte[] frame) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(ingest)
                .timeout(timeout)
                .header("Content-Type", IngestProtocol.CONTENT_TYPE)
                .header(IngestProtocol.ANONYMIZATION_HEADER, mode)
                .POST(HttpRequest.BodyPublishers.ofByteArray(frame));
        token.ifPresent(t -> request.header("Authorization", IngestProtocol.BEARER + t));
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() / 100 != 2) {
            String body = response.body() == null ? "" : response.body().strip();
            throw new IOException("display server answered " + response.statusCode()
                    + (body.isEmpty() ? "" : ": " + (body.length() > 200 ? body.substring(0, 200) : body)));
        }
    }

    public URI ingestUrl() {
        return ingest;
    }
}
