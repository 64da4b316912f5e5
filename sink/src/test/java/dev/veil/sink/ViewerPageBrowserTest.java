package dev.veil.sink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import dev.veil.display.DisplayConfig;
import dev.veil.display.DisplayServer;
import dev.veil.display.ViewAccess;
import dev.veil.frame.JpegCodec;
import dev.veil.frame.StageClock;
import dev.veil.frame.v1.DetectionStatus;
import dev.veil.frame.v1.Frame;
import dev.veil.testing.Await;
import io.numaproj.numaflow.sinker.SinkerTestKit;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import javax.imageio.ImageIO;
import org.bytedeco.opencv.global.opencv_imgproc;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.bytedeco.opencv.opencv_core.Size;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.PageLoadStrategy;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * The viewer page in a real browser (Debian's headless Chromium): behind a viewing token given once in the link,
 * the live picture moves and the stats panel updates, as the real sink feeds the display a panning, zooming
 * portrait. Leaves a screenshot in {@code target/display-viewer.png} (the one in docs/ is a copy).
 */
class ViewerPageBrowserTest {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final Duration LIVENESS = Duration.ofSeconds(30);
    private static final String VIEW_TOKEN = "view-token-for-the-browser";
    private static final int WIDTH = 640;
    private static final int HEIGHT = 360;
    /** Frames a second the feed sends. */
    private static final int FPS = 15;
    /** The longest pause between two looks at the page. */
    private static final Duration BROWSER_LOOK = Duration.ofMillis(100);

    private DisplayServer server;
    private DisplaySink sink;
    private Thread feeder;
    private final AtomicBoolean feeding = new AtomicBoolean(true);
    private ChromeDriver browser;

    @BeforeEach
    void start() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
                "skipped: needs Debian's chromium and chromium-driver (apt-get install chromium chromium-driver)");
        server = new DisplayServer(new DisplayConfig("127.0.0.1", 0, Optional.empty(),
                DisplayConfig.DEFAULT_MAX_FRAME_BYTES, DisplayConfig.DEFAULT_REORDER_FRAMES,
                DisplayConfig.DEFAULT_REORDER_WAIT, ViewAccess.withToken(VIEW_TOKEN))).start();
        sink = new DisplaySink(SinkConfig.showing(URI.create("http://127.0.0.1:" + server.port()), Optional.empty(),
                AnonymizerConfig.of(AnonymizeMode.BLUR, false)));
        feeder = new Thread(this::feed, "browser-test-feeder");
        feeder.setDaemon(true);
        feeder.start();

        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.setPageLoadStrategy(PageLoadStrategy.EAGER); // an MJPEG <img> never finishes loading
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-dev-shm-usage",
                "--window-size=1280,900", "--hide-scrollbars");
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort().build();
        browser = new ChromeDriver(service, options);
        browser.manage().timeouts().pageLoadTimeout(LIVENESS);
    }

    @AfterEach
    void stop() throws Exception {
        feeding.set(false);
        if (feeder != null) {
            feeder.join(10_000);
        }
        if (browser != null) {
            browser.quit();
        }
        if (sink != null) {
            sink.close();
        }
        if (server != null) {
            server.close();
        }
    }

    @Test
    void theViewerShowsAMovingPictureAndStatsThatUpdate() throws Exception {
        String base = "http://127.0.0.1:" + server.port();
        browser.get(base + "/view/portrait?token=" + VIEW_TOKEN);
        assertEquals(base + "/view/portrait", browser.getCurrentUrl(), "the token left the address for a cookie");

        WebElement picture = browser.findElement(By.id("video"));
        await(() -> ((Number) js("return document.getElementById('video').naturalWidth;")).intValue() == WIDTH,
                "the picture shows");
        await(() -> !text("received").equals("\u2013") && !text("p50").startsWith("\u2013"), "the stats arrive");

        BufferedImage first = png(picture.getScreenshotAs(OutputType.BYTES));
        long receivedFirst = Long.parseLong(text("received"));
        // The stats the page shows lag the picture: once they count a second of frames more, the picture has moved on.
        await(() -> Long.parseLong(text("received")) >= receivedFirst + FPS,
                "the stats update, counting a second of frames (" + FPS + ") more");
        BufferedImage second = png(picture.getScreenshotAs(OutputType.BYTES));

        double change = meanDifference(first, second);
        assertTrue(change > 2.0, "two screenshots a second of frames apart differ inside the picture: " + change);
        assertTrue(Double.parseDouble(text("fps").split(" ")[0]) > 1.0, "frames per second: " + text("fps"));
        assertEquals("blur", text("mode"));
        assertFalse(browser.findElement(By.id("facesVisible")).isDisplayed(), "no warning: faces are hidden");

        // The minute's charts need a few points: the page adds one each time its stats update.
        for (int update = 1; update <= 4; update++) {
            String received = text("received");
            await(() -> !text("received").equals(received), "the stats panel's update " + update + " of 4 more");
        }
        Path shot = Path.of("target", "display-viewer.png");
        Files.createDirectories(shot.getParent());
        Files.write(shot, browser.getScreenshotAs(OutputType.BYTES));
    }

    @Test
    void aStreamShownWithBoxesOnlyCarriesALoudWarning() throws Exception {
        Frame frame = Frame.newBuilder().setStreamId("debug").setSequence(0).setCaptureTimeMicros(StageClock.nowMicros())
                .setWidth(512).setHeight(512).setJpeg(ByteString.copyFrom(Photos.astronautJpeg()))
                .setDetectionStatus(DetectionStatus.DETECTION_STATUS_OK)
                .addStages(StageClock.stage(StageClock.SINK, StageClock.nowMicros())).build();
        // Sent as a sink in boxes mode sends it; the client throws unless the display takes the frame.
        new DisplayClient(URI.create("http://127.0.0.1:" + server.port()), Optional.empty(), LIVENESS,
                AnonymizeMode.BOXES, 90).send(frame.toByteArray());

        browser.get("http://127.0.0.1:" + server.port() + "/view/debug?token=" + VIEW_TOKEN);
        WebElement warning = browser.findElement(By.id("facesVisible"));
        assertTrue(warning.isDisplayed(), "the page opens with the warning");
        assertTrue(warning.getText().startsWith("FACES ARE NOT HIDDEN"), warning.getText());
        await(() -> text("mode").equals("boxes"), "the stats name the mode");
    }

    /** A portrait panning and zooming over a dark background, anonymized by the real sink, {@link #FPS} a second. */
    private void feed() {
        try (Mat photo = Photos.astronaut()) {
            long start = System.nanoTime();
            long captureStart = StageClock.nowMicros();
            for (long seq = 0; feeding.get(); seq++) {
                double t = seq / (double) FPS;
                double scale = 0.62 + 0.07 * Math.sin(t * 0.9);
                int side = (int) (512 * scale);
                int x = (int) ((WIDTH - side) * (0.5 + 0.45 * Math.sin(t * 0.7)));
                int y = (HEIGHT - side) / 2;
                byte[] jpeg;
                Rect face = Photos.ASTRONAUT_FACE;
                try (Mat canvas = backdrop(); Mat scaled = new Mat(); Size size = new Size(side, side)) {
                    opencv_imgproc.resize(photo, scaled, size);
                    try (Mat target = canvas.apply(new Rect(x, Math.max(0, y), side, Math.min(side, HEIGHT)));
                         Mat source = scaled.apply(new Rect(0, Math.max(0, -y), side, Math.min(side, HEIGHT)))) {
                        source.copyTo(target);
                    }
                    jpeg = JpegCodec.encode(canvas, 90);
                }
                Rect onCanvas = new Rect(x + (int) (face.x() * scale), y + (int) (face.y() * scale),
                        (int) (face.width() * scale), (int) (face.height() * scale));
                long capture = captureStart + (System.nanoTime() - start) / 1_000;
                Frame frame = Frame.newBuilder().setStreamId("portrait").setSequence(seq).setPtsMicros(seq * 66_667)
                        .setCaptureTimeMicros(capture).setWidth(WIDTH).setHeight(HEIGHT)
                        .setJpeg(ByteString.copyFrom(jpeg)).setDetectionStatus(DetectionStatus.DETECTION_STATUS_OK)
                        .addDetections(Photos.detection(onCanvas, WIDTH, HEIGHT, 0.93f))
                        .addStages(dev.veil.frame.v1.StageTiming.newBuilder().setStage(StageClock.INFERENCE)
                                .setStartMicros(capture).setEndMicros(capture + 11_000))
                        .build();
                SinkerTestKit.TestListIterator datums = new SinkerTestKit.TestListIterator();
                datums.addDatum(SinkerTestKit.TestDatum.builder().id("f" + seq).value(frame.toByteArray())
                        .keys(new String[] {"portrait"}).eventTime(Instant.now()).watermark(Instant.now()).build());
                sink.processMessages(datums);
                awaitFrameTime(start + (seq + 1) * 1_000_000_000L / FPS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Paces the feed at real time, as a camera delivers it: frame {@code n} goes out at {@code start + n / FPS}. */
    private static void awaitFrameTime(long atNanos) throws InterruptedException {
        long wait = atNanos - System.nanoTime();
        if (wait > 0) {
            Thread.sleep(wait / 1_000_000);
        }
    }

    /** A studio's grey-blue backdrop, lighter at the top. */
    private static Mat backdrop() {
        Mat canvas = new Mat(HEIGHT, WIDTH, org.bytedeco.opencv.global.opencv_core.CV_8UC3);
        for (int row = 0; row < HEIGHT; row++) {
            double shade = 1.0 - 0.45 * row / HEIGHT;
            try (Mat line = canvas.row(row); Scalar colour = new Scalar(150 * shade, 128 * shade, 112 * shade, 0)) {
                line.put(colour);
            }
        }
        return canvas;
    }

    private Object js(String script) {
        return ((JavascriptExecutor) browser).executeScript(script);
    }

    private String text(String id) {
        return browser.findElement(By.id(id)).getText().trim();
    }

    /** Waits until the page shows what {@code condition} looks for; each look is a round trip to the browser. */
    private static void await(Supplier<Boolean> condition, String what) throws InterruptedException {
        Await.until(() -> "timed out waiting: " + what, LIVENESS, BROWSER_LOOK, () -> {
            try {
                return condition.get();
            } catch (RuntimeException notYet) {
                return false; // e.g. a number not there yet
            }
        });
    }

    private static BufferedImage png(byte[] bytes) throws Exception {
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(bytes));
        assertTrue(image != null && image.getWidth() > 100, "a screenshot of the picture");
        return image;
    }

    /** Mean absolute difference of the grey levels of two images of the same size, 0..255. */
    private static double meanDifference(BufferedImage a, BufferedImage b) {
        assertEquals(a.getWidth(), b.getWidth());
        assertEquals(a.getHeight(), b.getHeight());
        long sum = 0;
        for (int y = 0; y < a.getHeight(); y++) {
            for (int x = 0; x < a.getWidth(); x++) {
                sum += Math.abs(grey(a.getRGB(x, y)) - grey(b.getRGB(x, y)));
            }
        }
        return (double) sum / (a.getWidth() * a.getHeight());
    }

    private static int grey(int rgb) {
        return (((rgb >> 16) & 0xff) * 3 + ((rgb >> 8) & 0xff) * 6 + (rgb & 0xff)) / 10;
    }
}
