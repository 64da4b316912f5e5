package dev.veil.display;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import dev.veil.display.protocol.IngestProtocol;
import dev.veil.frame.FrameCodec;
import dev.veil.frame.JpegCodec;
import dev.veil.frame.JpegSize;
import dev.veil.frame.StageClock;
import dev.veil.frame.v1.DetectionStatus;
import dev.veil.frame.v1.Frame;
import dev.veil.testing.Await;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.opencv_core.Mat;
import org.junit.jupiter.api.Test;

/**
 * 50 viewers and one that stalls, on loopback, while a sender feeds the display at 30 frames a second. Rates are
 * compared with the same server unloaded, measured in the same test, over several seconds each; the display keeps
 * no queue per viewer, so its heap must not grow while the stalled viewer falls further and further behind.
 */
class ViewerLoadTest {

    private static final int VIEWERS = 50;
    private static final double FPS = 30;
    private static final Duration WARM_UP = Duration.ofSeconds(1);
    private static final Duration MEASURE = Duration.ofSeconds(4);
    private static final int PICTURES = 16;
    private static final Duration LIVENESS = Duration.ofSeconds(60);
    /** Large frames sent before the heap is first measured: a second's worth, so they are what flows. */
    private static final int LARGE_FRAMES_BEFORE = (int) FPS;
    /** Large frames the stalled viewer misses between the two heap measures: as many as MEASURE holds. */
    private static final int LARGE_FRAMES_PAST = (int) (FPS * MEASURE.toSeconds());

    @Test
    void fiftyViewersAndAStalledOneSlowNeitherIngestNorEachOther() throws Exception {
        List<byte[]> pictures = pictures(320, 240, 24);
        try (DisplayServer server = new DisplayServer(new DisplayConfig("127.0.0.1", 0, Optional.empty(),
                DisplayConfig.DEFAULT_MAX_FRAME_BYTES)).start();
             Sender sender = new Sender(new LoopbackClient(server.port()), pictures)) {
            sender.start();
            List<Viewer> viewers = new ArrayList<>();
            Socket stalled = null;
            try {
                Viewer reference = new Viewer(server.port());
                viewers.add(reference);
                awaitWatching(server, viewers, 1);
                Rates unloaded = measure(sender, List.of(reference));

                for (int i = 0; i < VIEWERS; i++) {
                    viewers.add(new Viewer(server.port()));
                }
                stalled = stalledViewer(server.port());
                awaitWatching(server, viewers, VIEWERS + 2);
                Rates loaded = measure(sender, viewers);
                int connected = viewersNow(server);

                // Memory: only the stalled viewer left, and frames twenty times larger, so that a queue kept for
                // it would stand far above what the garbage collector's numbers wander by.
                viewers.forEach(Viewer::close);
                List<byte[]> large = pictures(1280, 720, 255);
                long sentSmall = sender.sent.get();
                sender.send(large);
                Await.until(() -> "only the stalled viewer left, large frames flowing: viewers "
                        + viewersNow(server) + ", frames sent " + (sender.sent.get() - sentSmall), LIVENESS,
                        () -> viewersNow(server) <= 1 && sender.sent.get() - sentSmall >= LARGE_FRAMES_BEFORE);
                long heapBefore = heapAfterGc();
                long sentBefore = sender.sent.get();
                Await.until(LARGE_FRAMES_PAST + " large frames sent past the stalled viewer", LIVENESS,
                        () -> sender.sent.get() - sentBefore >= LARGE_FRAMES_PAST);
                long heapAfter = heapAfterGc();
                long missedBytes = (sender.sent.get() - sentBefore) * large.get(0).length;

                String report = String.format(Locale.ROOT,
                        "unloaded: ingest %.1f fps, viewer %.1f fps; loaded: ingest %.1f fps, viewers min %.1f"
                                + " mean %.1f max %.1f fps (frames of %d bytes); heap after GC %d -> %d KiB while"
                                + " the stalled viewer missed %d KiB",
                        unloaded.ingest(), unloaded.minViewer(), loaded.ingest(), loaded.minViewer(),
                        loaded.meanViewer(), loaded.maxViewer(), pictures.get(0).length, heapBefore / 1024,
                        heapAfter / 1024, missedBytes / 1024);
                System.out.println("ViewerLoadTest: " + report);

                assertTrue(unloaded.ingest() > 0.8 * FPS, "the sender keeps its pace unloaded: " + report);
                assertTrue(loaded.ingest() >= 0.9 * unloaded.ingest(), "ingest rate held: " + report);
                assertTrue(loaded.meanViewer() >= 0.9 * unloaded.minViewer(), "the viewers' rate held: " + report);
                assertTrue(loaded.minViewer() >= 0.75 * unloaded.minViewer(), "no viewer is starved: " + report);
                assertEquals(VIEWERS + 2, connected, "the stalled viewer stayed connected, stuck in a write");
                assertTrue(missedBytes > 20L << 20, "enough was sent past the stalled viewer: " + report);
                assertTrue(heapAfter - heapBefore < missedBytes / 4, "no queue behind the stalled viewer: " + report);
                assertEquals(0, sender.failures.get(), "every frame was taken");
            } finally {
                viewers.forEach(Viewer::close);
                if (stalled != null) {
                    stalled.close();
                }
            }
        }
    }

    private record Rates(double ingest, List<Double> viewers) {
        double minViewer() {
            return viewers.stream().mapToDouble(Double::doubleValue).min().orElse(0);
        }

        double maxViewer() {
            return viewers.stream().mapToDouble(Double::doubleValue).max().orElse(0);
        }

        double meanViewer() {
            return viewers.stream().mapToDouble(Double::doubleValue).average().orElse(0);
        }
    }

    /**
     * Returns once the server counts {@code connected} viewers of the stream and each of {@code viewers} has read a
     * picture: everyone whose rate is measured is watching.
     */
    private static void awaitWatching(DisplayServer server, List<Viewer> viewers, int connected)
            throws InterruptedException {
        Await.until(() -> "viewers watching: " + viewersNow(server) + " of " + connected + " connected, "
                        + viewers.stream().filter(v -> v.parts.get() > 0).count() + " of " + viewers.size()
                        + " with a picture", LIVENESS,
                () -> viewersNow(server) == connected && viewers.stream().allMatch(v -> v.parts.get() > 0));
    }

    /**
     * The sender's and the viewers' rates over {@link #MEASURE} of real time, after {@link #WARM_UP} to settle:
     * the rates at their steady pace are what the test compares, not how fast they start.
     */
    private static Rates measure(Sender sender, List<Viewer> viewers) throws InterruptedException {
        letRealTimePass(WARM_UP);
        long sent0 = sender.sent.get();
        long[] parts0 = viewers.stream().mapToLong(v -> v.parts.get()).toArray();
        long t0 = System.nanoTime();
        letRealTimePass(MEASURE);
        double seconds = (System.nanoTime() - t0) / 1e9;
        List<Double> rates = new ArrayList<>();
        for (int i = 0; i < viewers.size(); i++) {
            rates.add((viewers.get(i).parts.get() - parts0[i]) / seconds);
        }
        return new Rates((sender.sent.get() - sent0) / seconds, rates);
    }

    /** A window of real time for a rate measured over it: the rate at real time is what is tested. */
    private static void letRealTimePass(Duration window) throws InterruptedException {
        Thread.sleep(window.toMillis());
    }

    /** The heap in use after a full collection (System.gc() returns when it is done), the least of three. */
    private static long heapAfterGc() {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 3; i++) {
            System.gc();
            used = Math.min(used, memory.getHeapMemoryUsage().getUsed());
        }
        return used;
    }

    private static int viewersNow(DisplayServer server) {
        return server.streamSnapshots().streams().stream().filter(s -> s.stream().equals("load"))
                .mapToInt(StreamSnapshot::viewers).sum();
    }

    /** JPEGs that compress poorly (noise of the given amplitude over a gradient), so each frame weighs its share. */
    private static List<byte[]> pictures(int width, int height, int noise) {
        List<byte[]> pictures = new ArrayList<>();
        Random random = new Random(7);
        for (int i = 0; i < PICTURES; i++) {
            try (Mat picture = new Mat(height, width, opencv_core.CV_8UC3)) {
                byte[] pixels = new byte[width * height * 3];
                for (int p = 0; p < pixels.length; p++) {
                    pixels[p] = (byte) (((p / 3) % width) * 128 / width + i * 8 + random.nextInt(noise + 1));
                }
                picture.data().put(pixels);
                pictures.add(JpegCodec.encode(picture, 80));
            }
        }
        return pictures;
    }

    /** Posts frames at {@link #FPS}, on a fixed schedule: falling behind it shows as a lower rate. */
    private static final class Sender implements AutoCloseable {
        final AtomicLong sent = new AtomicLong();
        final AtomicLong failures = new AtomicLong();
        private final LoopbackClient client;
        private volatile List<byte[]> pictures;
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final Thread thread;

        Sender(LoopbackClient client, List<byte[]> pictures) {
            this.client = client;
            this.pictures = pictures;
            this.thread = new Thread(this::run, "load-sender");
            thread.setDaemon(true);
        }

        void start() {
            thread.start();
        }

        /** From now on, these pictures (all of one size). */
        void send(List<byte[]> next) {
            pictures = next;
        }

        private void run() {
            long period = (long) (1e9 / FPS);
            long start = System.nanoTime();
            for (long seq = 0; running.get(); seq++) {
                try {
                    awaitFrameTime(start + seq * period);
                } catch (InterruptedException e) {
                    return;
                }
                List<byte[]> now = pictures;
                byte[] jpeg = now.get((int) (seq % now.size()));
                Frame frame;
                try {
                    JpegSize size = JpegSize.of(jpeg);
                    frame = Frame.newBuilder().setStreamId("load").setSequence(seq).setPtsMicros(seq * 33_333)
                        .setCaptureTimeMicros(StageClock.nowMicros()).setWidth(size.width()).setHeight(size.height())
                        .setJpeg(ByteString.copyFrom(jpeg)).setDetectionStatus(DetectionStatus.DETECTION_STATUS_OK)
                        .addStages(StageClock.stage(StageClock.SINK, StageClock.nowMicros()))
                        .build();
                } catch (Exception e) {
                    failures.incrementAndGet();
                    continue;
                }
                try {
                    HttpResponse<String> r = client.http.send(HttpRequest.newBuilder(client.uri(IngestProtocol.PATH))
                            .header("Content-Type", IngestProtocol.CONTENT_TYPE)
                            .POST(HttpRequest.BodyPublishers.ofByteArray(FrameCodec.encode(frame))).build(),
                            HttpResponse.BodyHandlers.ofString());
                    if (r.statusCode() == 204) {
                        sent.incrementAndGet();
                    } else {
                        failures.incrementAndGet();
                    }
                } catch (InterruptedException e) {
                    return;
                } catch (Exception e) {
                    failures.incrementAndGet();
                }
            }
        }

        /** Paces the sender at real time: frame {@code n} leaves at {@code start + n / FPS}. */
        private static void awaitFrameTime(long atNanos) throws InterruptedException {
            long wait = atNanos - System.nanoTime();
            if (wait > 0) {
                Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
            }
        }

        @Override
        public void close() throws InterruptedException {
            running.set(false);
            thread.interrupt();
            thread.join(10_000);
        }
    }

    /** A viewer on a plain socket that counts the MJPEG parts it reads (one thread each, like a browser tab). */
    private static final class Viewer {
        final AtomicLong parts = new AtomicLong();
        private final Socket socket = new Socket();
        private final Thread thread;

        Viewer(int port) throws IOException {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write("GET /video/load HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            thread = new Thread(this::read, "load-viewer");
            thread.setDaemon(true);
            thread.start();
        }

        private void read() {
            try (InputStream raw = new BufferedInputStream(socket.getInputStream(), 64 * 1024)) {
                String line;
                boolean chunked = false;
                while (!(line = line(raw)).isEmpty()) {
                    chunked |= line.toLowerCase(Locale.ROOT).startsWith("transfer-encoding:") && line.contains("chunked");
                }
                InputStream in = chunked ? new Dechunked(raw) : raw;
                while (true) {
                    int length = -1;
                    while (!(line = line(in)).isEmpty()) {
                        if (line.regionMatches(true, 0, "Content-Length:", 0, 15)) {
                            length = Integer.parseInt(line.substring(15).trim());
                        }
                    }
                    if (length >= 0) {
                        in.skipNBytes(length);
                        parts.incrementAndGet();
                    }
                }
            } catch (IOException | RuntimeException e) {
                // closed at the end of the test
            }
        }

        private static String line(InputStream in) throws IOException {
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            int b;
            while ((b = in.read()) != '\n') {
                if (b < 0) {
                    throw new IOException("stream ended");
                }
                line.write(b);
            }
            String text = line.toString(StandardCharsets.US_ASCII);
            return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
        }

        void close() {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
    }

    /** HTTP/1.1 chunked transfer coding, undone: the MJPEG parts as the server wrote them. */
    private static final class Dechunked extends InputStream {
        private final InputStream in;
        private long left;

        Dechunked(InputStream in) {
            this.in = in;
        }

        @Override
        public int read() throws IOException {
            if (!fill()) {
                return -1;
            }
            left--;
            return in.read();
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (!fill()) {
                return -1;
            }
            int n = in.read(b, off, (int) Math.min(len, left));
            if (n > 0) {
                left -= n;
            }
            return n;
        }

        private boolean fill() throws IOException {
            if (left > 0) {
                return true;
            }
            String size = Viewer.line(in);
            if (size.isEmpty()) {
                size = Viewer.line(in); // the CRLF that ends the previous chunk
            }
            int semicolon = size.indexOf(';');
            left = Long.parseLong((semicolon < 0 ? size : size.substring(0, semicolon)).trim(), 16);
            return left > 0;
        }
    }

    private static Socket stalledViewer(int port) throws IOException {
        Socket socket = new Socket();
        socket.setReceiveBufferSize(4096);
        socket.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
        socket.getOutputStream().write("GET /video/load HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        socket.getOutputStream().flush();
        return socket; // and never reads
    }
}
