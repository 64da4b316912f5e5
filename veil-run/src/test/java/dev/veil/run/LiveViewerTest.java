package dev.veil.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.veil.display.MjpegReader;
import dev.veil.frame.JpegCodec;
import dev.veil.inference.FaceDetectors;
import dev.veil.inference.InferenceConfig;
import dev.veil.inference.detect.FaceDetector;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bytedeco.opencv.opencv_core.Mat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a person watching {@code veil run} in the browser gets: a moving picture in which no face can be found. */
class LiveViewerTest {

    private static final int PARTS_BETWEEN_PICTURES = 8;
    private static final Pattern VIEWER = Pattern.compile("Viewer: +(http://localhost:(\\d+)/view/(\\S+))");

    @TempDir
    Path dir;

    @Test
    void theViewerShowsAMovingPictureWithTheFaceHidden() throws Exception {
        Path input = dir.resolve("scene.mp4");
        SampleVideo.writeSample(input, 6);
        PipedInputStream pipe = new PipedInputStream(1 << 16);
        PrintStream out = new PrintStream(new PipedOutputStream(pipe), true, StandardCharsets.UTF_8);
        CompletableFuture<Integer> run = CompletableFuture.supplyAsync(() -> RunCommand.execute(
                new String[] {"--input", input.toString(), "--port", "0"}, out, System.err));

        BufferedReader lines = new BufferedReader(new InputStreamReader(pipe, StandardCharsets.UTF_8));
        CompletableFuture<Matcher> address = CompletableFuture.supplyAsync(() -> {
            try {
                for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                    Matcher m = VIEWER.matcher(line);
                    if (m.find()) {
                        return m;
                    }
                }
                return null;
            } catch (java.io.IOException e) {
                return null;
            }
        });
        // If `veil run` fails before printing the address, say so instead of waiting on its output forever.
        CompletableFuture.anyOf(address, run).get(120, TimeUnit.SECONDS);
        assertTrue(address.isDone(), "veil run ended before printing the viewer's address: exit " + run.getNow(null));
        Matcher viewer = address.get();
        assertNotNull(viewer, "veil run printed the viewer's address");
        drain(lines);

        HttpClient http = HttpClient.newHttpClient();
        URI video = URI.create("http://127.0.0.1:" + viewer.group(2) + "/video/" + viewer.group(3));
        List<byte[]> pictures = new ArrayList<>();
        try (MjpegReader reader = new MjpegReader(http, video)) {
            assertEquals(200, reader.status());
            // A viewer is sent a picture only when a newer frame is shown: pictures some parts apart are at least as
            // many frames apart, about a third of a second of the 25 fps sample.
            for (int part = 0; pictures.size() < 4; part++) {
                byte[] jpeg = reader.nextPart(Duration.ofSeconds(30));
                if (part % PARTS_BETWEEN_PICTURES == 0) {
                    pictures.add(jpeg);
                }
            }
        }
        String page = http.send(java.net.http.HttpRequest.newBuilder(URI.create(viewer.group(1))).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString()).body();
        assertTrue(page.contains("/video/" + viewer.group(3)), "the viewer page shows the live picture");

        assertFalse(Arrays.equals(pictures.get(0), pictures.get(3)), "the picture moves");
        try (FaceDetector detector = FaceDetectors.open(InferenceConfig.defaults())) {
            for (byte[] jpeg : pictures) {
                try (Mat picture = JpegCodec.decode(jpeg)) {
                    assertEquals(1280, picture.cols());
                    assertEquals(List.of(), detector.detect(picture), "no face can be found in what the viewer sees");
                }
            }
        }
        assertEquals(0, run.get(60, TimeUnit.SECONDS));
    }

    /** Keeps reading the command's output so it never blocks on a full pipe. */
    private static void drain(BufferedReader lines) {
        Thread t = new Thread(() -> {
            try {
                while (lines.readLine() != null) {
                    // progress lines
                }
            } catch (java.io.IOException ignored) {
                // the command finished
            }
        }, "drain");
        t.setDaemon(true);
        t.start();
    }
}
