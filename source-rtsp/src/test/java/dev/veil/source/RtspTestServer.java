package dev.veil.source;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * GStreamer's RTSP server (Debian packages, run by Debian's own python3) on 127.0.0.1, serving a clip at
 * {@code /test}: a real server the test can kill, restart on the same port, or freeze with SIGSTOP.
 */
final class RtspTestServer implements AutoCloseable {

    static final String PYTHON = "/usr/bin/python3";
    private static final String PACKAGES = "python3-gi gir1.2-gst-rtsp-server-1.0 gstreamer1.0-plugins-good"
            + " gstreamer1.0-plugins-bad gstreamer1.0-plugins-base";
    /** Between two tries to start on a port that the killed server's connections may still hold. */
    private static final Duration PORT_RETRY_PAUSE = Duration.ofMillis(200);
    private static Boolean available;

    private final Path clip;
    private final int port;
    private final String user;
    private final String password;
    private Process process;
    private final StringBuffer output = new StringBuffer();

    private RtspTestServer(Path clip, int port, String user, String password) {
        this.clip = clip;
        this.port = port;
        this.user = user;
        this.password = password;
    }

    /** Skips the calling test, naming the packages, when GStreamer's RTSP server cannot run here. */
    static synchronized void assumeAvailable() {
        if (available == null) {
            available = false;
            if (Files.isExecutable(Path.of(PYTHON))) {
                try {
                    Process p = new ProcessBuilder(PYTHON, "-c", "import gi; gi.require_version('GstRtspServer', '1.0');"
                            + " from gi.repository import Gst, GstRtspServer; Gst.init(None);"
                            + " assert Gst.ElementFactory.find('rtph264pay') and Gst.ElementFactory.find('qtdemux')"
                            + " and Gst.ElementFactory.find('h264parse')")
                            .redirectErrorStream(true).start();
                    available = p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
                } catch (IOException e) {
                    available = false;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
        Assumptions.assumeTrue(available, "skipped: needs GStreamer's RTSP server run by " + PYTHON
                + " (apt-get install " + PACKAGES + "; .ci/run installs them)");
    }

    /** Starts a server on a free port; with a user, clients must authenticate (basic). */
    static RtspTestServer start(Path clip, String user, String password) throws Exception {
        assumeAvailable();
        RtspTestServer server = new RtspTestServer(clip, freePort(), user, password);
        server.launch();
        return server;
    }

    int port() {
        return port;
    }

    /** The stream's URL, with these credentials in it when not null. */
    String url(String urlUser, String urlPassword) {
        String credentials = urlUser == null ? "" : urlUser + ":" + urlPassword + "@";
        return "rtsp://" + credentials + "127.0.0.1:" + port + "/test";
    }

    /** SIGKILL: the server vanishes mid-stream, as a crashed camera or media server does. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }

    /** Starts the server again on the same port. */
    void restart() throws Exception {
        launch();
    }

    /** SIGSTOP: the server keeps its connections open and sends nothing, a stalled stream. */
    void freeze() throws Exception {
        signal("STOP");
    }

    /** SIGCONT after {@link #freeze()}. */
    void thaw() throws Exception {
        signal("CONT");
    }

    String output() {
        return output.toString();
    }

    @Override
    public void close() throws IOException {
        if (process != null && process.isAlive()) {
            try {
                signal("CONT");
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (Exception e) {
                throw new IOException("cannot stop the RTSP test server: " + e.getMessage(), e);
            }
        }
    }

    private void launch() throws Exception {
        Path script;
        try {
            script = Path.of(RtspTestServer.class.getResource("rtsp_server.py").toURI());
        } catch (URISyntaxException e) {
            throw new IOException(e);
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            ProcessBuilder builder = user == null
                    ? new ProcessBuilder(PYTHON, script.toString(), clip.toString(), Integer.toString(port))
                    : new ProcessBuilder(PYTHON, script.toString(), clip.toString(), Integer.toString(port), user, password);
            process = builder.redirectErrorStream(true).start();
            BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            String first = firstLine(in);
            if (first != null && first.startsWith("ready")) {
                Thread drain = new Thread(() -> drain(in), "rtsp-server-output");
                drain.setDaemon(true);
                drain.start();
                return;
            }
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("RTSP test server did not start on port " + port + ": " + first
                        + "\n" + output);
            }
            pauseBeforeRetryingThePort();
        }
    }

    /**
     * The port may still be held by the killed server's connections, for a time the kernel decides: nothing to
     * wait on but time, so the start is retried after a pause until its deadline.
     */
    private static void pauseBeforeRetryingThePort() throws InterruptedException {
        Thread.sleep(PORT_RETRY_PAUSE.toMillis());
    }

    private String firstLine(BufferedReader in) throws IOException {
        String line;
        while ((line = in.readLine()) != null) {
            output.append(line).append('\n');
            if (line.startsWith("ready") || line.startsWith("cannot listen")) {
                return line;
            }
        }
        return null;
    }

    private void drain(BufferedReader reader) {
        try (BufferedReader in = reader) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                output.append(line).append('\n');
            }
        } catch (IOException ignored) {
            // the process is gone
        }
    }

    private void signal(String name) throws Exception {
        if (process == null || !process.isAlive()) {
            return;
        }
        Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).start();
        if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
            throw new IllegalStateException("kill -" + name + " " + process.pid() + " failed");
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
