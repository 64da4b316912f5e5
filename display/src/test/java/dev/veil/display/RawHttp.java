package dev.veil.display;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;

/**
 * HTTP/1.1 written by hand on a socket: for what java.net.http will not send (a foreign {@code Host}, a body that
 * trickles, a request from another loopback address).
 */
final class RawHttp implements AutoCloseable {

    private final Socket socket = new Socket();
    private final OutputStream out;
    private final InputStream in;

    /** Connects to the display on loopback from {@code localAddress} (any 127.x.y.z works on Linux). */
    RawHttp(String localAddress, int port) throws IOException {
        socket.bind(new InetSocketAddress(localAddress, 0));
        socket.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
        out = socket.getOutputStream();
        in = socket.getInputStream();
    }

    RawHttp(int port) throws IOException {
        this("127.0.0.1", port);
    }

    RawHttp send(String text) throws IOException {
        return send(text.getBytes(StandardCharsets.ISO_8859_1));
    }

    RawHttp send(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
        return this;
    }

    /** The response's status line and headers, read within {@code timeout}; header names in lower case. */
    String head(Duration timeout) throws IOException {
        socket.setSoTimeout((int) Math.max(1, timeout.toMillis()));
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("connection closed after: " + head.toString(StandardCharsets.ISO_8859_1));
            }
            head.write(b);
            matched = (b == '\r' && (matched == 0 || matched == 2)) || (b == '\n' && (matched == 1 || matched == 3))
                    ? matched + 1 : 0;
        }
        return head.toString(StandardCharsets.ISO_8859_1).toLowerCase(Locale.ROOT);
    }

    /** The response's status code, read within {@code timeout}. */
    int status(Duration timeout) throws IOException {
        String head = head(timeout);
        return Integer.parseInt(head.substring(9, 12));
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
