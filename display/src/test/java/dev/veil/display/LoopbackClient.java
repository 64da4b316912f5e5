package dev.veil.display;

import dev.veil.display.protocol.IngestProtocol;
import dev.veil.frame.FrameCodec;
import dev.veil.frame.v1.Frame;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Real HTTP on loopback to a started {@link DisplayServer}, as the sink and a browser use it. */
final class LoopbackClient {

    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

    final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();
    private final int port;

    LoopbackClient(int port) {
        this.port = port;
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    HttpResponse<String> ingest(Frame frame) throws Exception {
        return ingest(FrameCodec.encode(frame), null);
    }

    HttpResponse<String> ingest(byte[] body, String authorization) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(IngestProtocol.PATH)).timeout(REQUEST_TIMEOUT)
                .header("Content-Type", IngestProtocol.CONTENT_TYPE)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(uri(path)).timeout(REQUEST_TIMEOUT).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** A GET with headers given as name, value, name, value... */
    HttpResponse<String> get(String path, String... headers) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).timeout(REQUEST_TIMEOUT).GET();
        if (headers.length > 0) {
            request.headers(headers);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The picture stream, with headers given as name, value, name, value... */
    MjpegReader video(String stream, String... headers) throws IOException, InterruptedException {
        return new MjpegReader(http, uri("/video/" + Pages.pathSegment(stream)), headers);
    }

    MjpegReader video(String stream) throws IOException, InterruptedException {
        return video(stream, new String[0]);
    }
}
