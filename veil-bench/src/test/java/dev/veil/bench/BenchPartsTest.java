package dev.veil.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.veil.run.InputProbe;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The parts of {@code veil bench} on tiny inputs: what they count and write, never how fast anything is (speed
 * belongs in the benchmark's own report).
 */
class BenchPartsTest {

    @TempDir
    static Path dir;
    private static BenchVideos.Clip clip;

    @BeforeAll
    static void makeClip() throws Exception {
        // 1080p, so that the source has to scale into the 1280x720 box.
        clip = BenchVideos.sample(dir, "1080p", 1920, 1080, 10, 1);
    }

    @Test
    void theGeneratedClipIsCachedAndHasTheDeclaredFrames() throws Exception {
        long made = Files.getLastModifiedTime(clip.file()).toMillis();
        assertEquals(clip.file(), BenchVideos.sample(dir, "1080p", 1920, 1080, 10, 1).file());
        assertEquals(made, Files.getLastModifiedTime(clip.file()).toMillis(), "made once, then reused");
        assertEquals(10, clip.frames());
        assertEquals(10, InputProbe.of(clip.file().toString()).frames());
    }

    @Test
    void veilsSourceAndResizeMakeOnePictureAFrameInTheBox() throws Exception {
        ReferenceBench.Run run = new ReferenceBench().run(ReferenceBench.Runner.VEIL, clip, dir.resolve("logs"));
        assertEquals(10, run.pictures());
        assertTrue(run.jpegBytes() > 10 * 1000, "real pictures: " + run.jpegBytes());
        assertTrue(run.seconds() > 0 && run.cpuSeconds() > 0, run.toString());
        ReferenceBench.Run full = new ReferenceBench().run(ReferenceBench.Runner.VEIL_FULL, clip, dir.resolve("logs"));
        assertEquals(10, full.pictures(), "the old path makes the same pictures");
    }

    @Test
    void theReferenceToolsAreCountedPictureByPicture() throws Exception {
        boolean ffmpeg = ReferenceBench.ffmpegVersion().isPresent();
        boolean gst = ReferenceBench.gstVersion().isPresent();
        assumeTrue(ffmpeg || gst, "neither ffmpeg nor gst-launch-1.0 is installed (apt-get install ffmpeg gstreamer1.0-tools"
                + " gstreamer1.0-libav gstreamer1.0-plugins-base gstreamer1.0-plugins-good)");
        for (ReferenceBench.Runner runner : List.of(ReferenceBench.Runner.FFMPEG, ReferenceBench.Runner.GSTREAMER)) {
            if ((runner == ReferenceBench.Runner.FFMPEG && !ffmpeg) || (runner == ReferenceBench.Runner.GSTREAMER && !gst)) {
                continue;
            }
            ReferenceBench.Run run = new ReferenceBench().run(runner, clip, dir.resolve("logs"));
            assertEquals(10, run.pictures(), runner + " made a picture per frame");
            assertTrue(run.cpuSeconds() > 0, runner + "'s own CPU time is counted: " + run);
        }
    }

    @Test
    void theMeterSeesThisProcessAndItsChildren() throws Exception {
        long rss = ProcessMeter.rssBytes();
        assertTrue(rss > 10 << 20, "a JVM holds more than 10 MiB: " + rss);
        assertTrue(ProcessMeter.peakRssBytes() >= rss / 2);
        long cpu = ProcessMeter.cpuNanos();
        long sum = 0;
        for (int i = 0; i < 50_000_000; i++) {
            sum += i % 7;
        }
        assertTrue(sum > 0 && ProcessMeter.cpuNanos() > cpu, "work costs CPU time");
        long children = ProcessMeter.childrenCpuNanos();
        Process p = new ProcessBuilder("sh", "-c", "i=0; while [ $i -lt 300000 ]; do i=$((i+1)); done").start();
        // waitFor returns once the child is reaped, which is when the kernel adds its CPU time to ours.
        assertEquals(0, p.waitFor());
        long after = ProcessMeter.childrenCpuNanos();
        assertTrue(after > children, "a child's CPU time is counted once it has been waited for");
    }

    @Test
    void chartsArePicturesWithTheirBars() throws Exception {
        Path png = dir.resolve("bars.png");
        BenchChart.bars(png, "frames per second", "frames/s", List.of("720p", "4K"),
                List.of(new BenchChart.Series("a", new double[] {100, 25}), new BenchChart.Series("b",
                        new double[] {Double.NaN, 20})));
        BufferedImage image = ImageIO.read(png.toFile());
        assertEquals(900, image.getWidth());
        assertEquals(new java.awt.Color(0x2b6cb0).getRGB(), image.getRGB(100, 300), "the first bar is drawn");
        Path lines = dir.resolve("lines.png");
        BenchChart.lines(lines, "memory", "minutes", "MiB", new double[] {0, 1, 2},
                List.of(new BenchChart.Series("rss", new double[] {400, 410, 405})));
        assertTrue(Files.size(lines) > 1000);
    }

    @Test
    void memoryIsFlatOnlyWhenItStopsGrowing() {
        SoakRun soak = new SoakRun(clip, Duration.ofMinutes(30), Duration.ofSeconds(10), Duration.ofMinutes(20), 2);
        List<SoakRun.Sample> flat = samples(180, i -> 400L << 20);
        assertTrue(soak.verdict(flat).flat());
        assertEquals(0, soak.verdict(flat).rssGrowthPercent(), 1e-9);
        // 0.1% of 400 MiB more every 10 s: 12% over the last 20 minutes.
        List<SoakRun.Sample> leaking = samples(180, i -> (long) ((400L << 20) * (1 + 0.001 * i)));
        SoakRun.Verdict v = soak.verdict(leaking);
        assertFalse(v.flat());
        assertEquals(600, v.fromSeconds(), 10, "the window is the last 20 minutes");
        assertTrue(v.rssGrowthPercent() > 10, v.toString());
    }

    @Test
    void aShortSoakSamplesTheRunningPipelineIntoCsv() throws Exception {
        BenchVideos.Clip small = BenchVideos.sample(dir, "small", 320, 180, 10, 1);
        SoakRun soak = new SoakRun(small, Duration.ofSeconds(4), Duration.ofMillis(500), Duration.ofSeconds(2), 2);
        Path csv = dir.resolve("soak.csv");
        List<SoakRun.Sample> samples = soak.run(csv, dir.resolve("soak.log"), new PrintStream(new ByteArrayOutputStream()));
        assertTrue(samples.size() >= 6, samples.toString());
        assertEquals(samples.size() + 1, Files.readAllLines(csv).size(), "a header and a line per sample");
        assertTrue(samples.get(samples.size() - 1).frames() > 10, "the input looped: " + samples.get(samples.size() - 1));
        assertTrue(samples.stream().allMatch(s -> s.rssBytes() > 0 && s.heapUsedBytes() > 0));
    }

    private static List<SoakRun.Sample> samples(int n, java.util.function.IntToLongFunction rss) {
        return java.util.stream.IntStream.range(0, n).mapToObj(i -> new SoakRun.Sample(10.0 * (i + 1), 300L * i,
                rss.applyAsLong(i), rss.applyAsLong(i), 1 << 20, 100 << 20, i)).toList();
    }
}
