package dev.veil.sink;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;

/** POSTs anonymized frames to the display server over one kept-alive HTTP connection. Thread-safe. */
public final class DisplayClient {

    private final HttpClient http;
    private final URI ingest;
    private final Optional<String> token;
    private final Duration timeout;

    public DisplayClient(URI displayUrl, Optional<String> token, Duration timeout) {
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(timeout).build();
        this.ingest = displayUrl.resolve("/ingest");
        this.token = token;
        this.timeout = timeout;
    }

    /** Sends one encoded frame; throws with the server's answer when it is not accepted. */
    public void send(byte[] frame) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(ingest)
                .timeout(timeout)
                .header("Content-Type", "application/x-protobuf")
                .POST(HttpRequest.BodyPublishers.ofByteArray(frame));
        token.ifPresent(t -> request.header("Authorization", "Bearer " + t));
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
