package dev.veil.sink;

import com.sun.net.httpserver.HttpServer;
import dev.veil.display.protocol.IngestProtocol;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An HTTP peer standing where the display server stands, that keeps every body it is sent, so a test can
 * check exactly what left the sink. It can be told to answer with an error.
 */
final class RecordingDisplay implements AutoCloseable {

    record Received(String path, String authorization, String anonymization, byte[] body) {
    }

    final List<Received> received = new CopyOnWriteArrayList<>();
    final AtomicInteger answer = new AtomicInteger(204);
    private final HttpServer server;

    RecordingDisplay() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            int status = answer.get();
            if (status / 100 == 2) {
                received.add(new Received(exchange.getRequestURI().getPath(),
                        exchange.getRequestHeaders().getFirst("Authorization"),
                        exchange.getRequestHeaders().getFirst(IngestProtocol.ANONYMIZATION_HEADER), body));
                exchange.sendResponseHeaders(status, -1);
            } else {
                byte[] message = "display is unhappy".getBytes();
                exchange.sendResponseHeaders(status, message.length);
                exchange.getResponseBody().write(message);
            }
            exchange.close();
        });
        server.start();
    }

    URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
