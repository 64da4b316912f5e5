package dev.veil.display;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/** A browser's view of {@code /video/{stream}}: parses the multipart stream part by part, as a real client would. */
public final class MjpegReader implements AutoCloseable {

    private final ExecutorService reader = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "mjpeg-reader");
        t.setDaemon(true);
        return t;
    });
    private final HttpResponse<InputStream> response;
    private final InputStream in;
    private final String boundary;

    public MjpegReader(HttpClient client, URI uri) throws IOException, InterruptedException {
        this(client, uri, new String[0]);
    }

    /** With request headers given as name, value, name, value... (credentials, a cookie). */
    public MjpegReader(HttpClient client, URI uri, String... headers) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).GET();
        if (headers.length > 0) {
            request.headers(headers);
        }
        response = client.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        in = response.body();
        String contentType = response.headers().firstValue("Content-Type").orElse("");
        if (response.statusCode() == 200) {
            assertTrue(contentType.startsWith("multipart/x-mixed-replace"), contentType);
            int at = contentType.indexOf("boundary=");
            assertTrue(at > 0, contentType);
            boundary = "--" + contentType.substring(at + "boundary=".length()).trim();
        } else {
            boundary = null;
        }
    }

    public int status() {
        return response.statusCode();
    }

    /** The bytes of the next JPEG part, failing the test when none comes within {@code timeout}. */
    public byte[] nextPart(Duration timeout) throws Exception {
        Future<byte[]> part = reader.submit(this::readPart);
        return part.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Reads parts until one equals {@code expected}; returns how many parts were read. */
    public int awaitPart(byte[] expected, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        int parts = 0;
        while (true) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("no part with the expected " + expected.length + " bytes within " + timeout);
            }
            parts++;
            if (Arrays.equals(expected, nextPart(Duration.ofNanos(left)))) {
                return parts;
            }
        }
    }

    private byte[] readPart() throws IOException {
        String line;
        do {
            line = readLine();
        } while (line.isEmpty());
        assertEquals(boundary, line, "each part starts with the boundary");
        int length = -1;
        String type = null;
        while (!(line = readLine()).isEmpty()) {
            int colon = line.indexOf(':');
            String name = line.substring(0, colon).trim().toLowerCase(Locale.ROOT);
            String value = line.substring(colon + 1).trim();
            if (name.equals("content-length")) {
                length = Integer.parseInt(value);
            } else if (name.equals("content-type")) {
                type = value;
            }
        }
        assertEquals("image/jpeg", type);
        assertTrue(length > 0, "part has a Content-Length");
        byte[] jpeg = in.readNBytes(length);
        assertEquals(length, jpeg.length, "stream ended inside a part");
        return jpeg;
    }

    private String readLine() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != '\n') {
            if (b < 0) {
                throw new IOException("MJPEG stream ended");
            }
            line.write(b);
        }
        String text = line.toString(StandardCharsets.US_ASCII);
        return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
    }

    @Override
    public void close() throws IOException {
        reader.shutdownNow();
        in.close();
    }
}
