package dev.veil.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.veil.frame.StageClock;
import dev.veil.inference.FaceInference;
import dev.veil.inference.network.OnnxRuntimeNetwork;
import dev.veil.run.CpuByPart.ThreadCpu;
import dev.veil.sink.AnonymizingSink;
import dev.veil.source.VideoSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CpuByPartTest {

    @TempDir
    Path proc;

    /** A stat line as the kernel writes it: user ticks are the 14th field, system ticks the 15th. */
    private static String stat(int tid, String name, long user, long system) {
        return tid + " (" + name + ") S 1 1 1 0 -1 4194368 100 0 0 0 " + user + " " + system + " 0 0 20 0 30 0 12345"
                + " 1000000 2000 18446744073709551615 1 1 0 0 0 0 0 0 0 0 0 0 17 1 0 0 0 0 0\n";
    }

    private void thread(int tid, String name, long user, long system) throws IOException {
        Files.createDirectories(proc.resolve("task").resolve(String.valueOf(tid)));
        Files.writeString(proc.resolve("task").resolve(String.valueOf(tid)).resolve("stat"),
                stat(tid, name, user, system));
    }

    private void process(long user, long system) throws IOException {
        Files.writeString(proc.resolve("stat"), stat(100, "java", user, system));
    }

    @Test
    void aStatLineGivesTheNameEvenWithSpacesAndParenthesesAndTheUserPlusSystemTicks() {
        assertEquals(Optional.of(new ThreadCpu("veil-detector", 512)),
                ThreadCpu.parse(stat(7, "veil-detector", 500, 12)));
        assertEquals(Optional.of(new ThreadCpu("C1 CompilerThre", 30)),
                ThreadCpu.parse(stat(8, "C1 CompilerThre", 25, 5)));
        assertEquals(Optional.of(new ThreadCpu("a) (b", 3)), ThreadCpu.parse(stat(9, "a) (b", 1, 2)));
        assertEquals(Optional.empty(), ThreadCpu.parse("9 (cut short) S 1 2 3"));
        assertEquals(Optional.empty(), ThreadCpu.parse("no name at all"));
    }

    @Test
    void threadsAreSortedIntoPartsByTheNamesVeilAndFfmpegGiveThem() {
        assertEquals(CpuPart.DETECTOR, CpuPart.of(FaceInference.DETECTOR_THREAD));
        assertEquals(CpuPart.DETECTOR, CpuPart.of(OnnxRuntimeNetwork.WORKER_THREAD_NAME));
        assertEquals(CpuPart.TRACKER, CpuPart.of(LocalPipeline.stageThread(StageClock.INFERENCE)));
        assertEquals(CpuPart.ANONYMIZING, CpuPart.of(LocalPipeline.SINK_THREAD));
        assertEquals(CpuPart.ENCODING, CpuPart.of(AnonymizingSink.ARCHIVE_THREAD));
        // A decoder's thread as the kernel keeps its name: cut to 15 bytes.
        String decoder = VideoSource.DECODER_THREAD_PREFIX + "test-wide-1280x720";
        assertEquals(CpuPart.DECODING, CpuPart.of(decoder.substring(0, 15)));
        assertEquals(CpuPart.DECODING, CpuPart.of("av:h264:df0"));
        assertEquals(CpuPart.RESIZING, CpuPart.of(LocalPipeline.stageThread(StageClock.RESIZE)));
        assertEquals(CpuPart.TRACKER, CpuPart.of("local-inference"), "15 bytes: the kernel keeps the whole name");
        assertEquals(CpuPart.JVM, CpuPart.of("C1 CompilerThre"));
        assertEquals(CpuPart.JVM, CpuPart.of("VM Thread"));
        assertEquals(CpuPart.OTHER, CpuPart.of("java"));
        assertEquals(CpuPart.OTHER, CpuPart.of("display-clock"));
    }

    @Test
    void eachPartsCpuAFrameFromMostToLeastWithWhatNoThreadHoldsUnderOther() throws IOException {
        process(900, 100); // 10 s of CPU in all
        thread(11, "veil-detector", 400, 20); // 4.2 s
        thread(12, "sink-archive", 180, 20); // 2.0 s
        thread(13, "local-sink", 100, 0); // 1.0 s
        thread(14, "av:h264:df0", 30, 0);
        thread(15, "av:h264:df1", 30, 0); // decoding 0.6 s
        thread(16, "java", 50, 10); // start-up: 0.6 s
        CpuByPart cpu = new CpuByPart(proc);
        cpu.sample();

        Map<CpuPart, Double> millis = cpu.millis();
        assertEquals(4200.0, millis.get(CpuPart.DETECTOR));
        assertEquals(600.0, millis.get(CpuPart.DECODING));
        // The main thread's 0.6 s, and the 1.6 s of the 10 that no thread holds (threads that ended unseen).
        assertEquals(2200.0, millis.get(CpuPart.OTHER), 1e-9);
        FrameCpu perFrame = cpu.perFrame(100, 2).orElseThrow();
        assertEquals(42.0, perFrame.of(CpuPart.DETECTOR), 1e-9);
        assertEquals(0.0, perFrame.of(CpuPart.TRACKER), "no tracker thread");
        assertEquals(100.0, perFrame.inAll(), 1e-9);
        assertEquals("CPU a frame from the pipeline's start: detector 42.0 ms, other 22.0, MP4 encoding 20.0,"
                + " anonymizing 10.0, decoding 6.0; 100.0 ms in all, on 2 cores", perFrame.line());
    }

    @Test
    void aThreadThatEndedKeepsItsLastCountAndANewThreadUnderItsNumberIsAnotherThread() throws IOException {
        process(200, 0);
        thread(21, "sink-archive", 100, 0);
        CpuByPart cpu = new CpuByPart(proc);
        cpu.sample();

        Files.delete(proc.resolve("task/21/stat"));
        Files.delete(proc.resolve("task/21"));
        thread(22, "veil-detector", 150, 0);
        process(400, 0);
        cpu.sample();
        thread(21, "local-sink", 50, 0);
        cpu.sample();

        Map<CpuPart, Double> millis = cpu.millis();
        assertEquals(1000.0, millis.get(CpuPart.ENCODING));
        assertEquals(1500.0, millis.get(CpuPart.DETECTOR));
        assertEquals(500.0, millis.get(CpuPart.ANONYMIZING));
        assertEquals(1000.0, millis.get(CpuPart.OTHER), 1e-9);
    }

    @Test
    void whatTheProcessSpentBeforeThePipelineStartedIsLeftOut() throws IOException {
        process(300, 0);
        thread(41, "java", 250, 0); // the JVM's start and the model's loading
        thread(42, "veil-detector", 10, 0); // the detector's warm-up
        CpuByPart cpu = new CpuByPart(proc);
        cpu.startHere();
        process(800, 0);
        thread(41, "java", 260, 0);
        thread(42, "veil-detector", 410, 0);
        thread(43, "sink-archive", 70, 0);
        cpu.sample();

        Map<CpuPart, Double> millis = cpu.millis();
        assertEquals(4000.0, millis.get(CpuPart.DETECTOR), 1e-9);
        assertEquals(700.0, millis.get(CpuPart.ENCODING), 1e-9);
        assertEquals(300.0, millis.get(CpuPart.OTHER), 1e-9, "the main thread's 0.1 s and 0.2 s no thread holds");
        assertEquals(Optional.of("CPU a frame from the pipeline's start: detector 40.0 ms, MP4 encoding 7.0, other 3.0;"
                + " 50.0 ms in all, on 2 cores"), cpu.perFrame(100, 2).map(FrameCpu::line));
    }

    @Test
    void withoutProcOrWithoutFramesThereIsNoLine() throws IOException {
        CpuByPart nowhere = new CpuByPart(proc.resolve("missing"));
        nowhere.sample();
        assertEquals(Optional.empty(), nowhere.perFrame(100, 2));

        process(100, 0);
        thread(31, "veil-detector", 100, 0);
        CpuByPart cpu = new CpuByPart(proc);
        cpu.sample();
        assertEquals(Optional.empty(), cpu.perFrame(0, 2));
        assertEquals(Optional.of("CPU a frame from the pipeline's start: detector 1000.0 ms; 1000.0 ms in all,"
                + " on 1 core"), cpu.perFrame(1, 1).map(FrameCpu::line));
    }

    /** This process's own threads, as the kernel counts them: a thread that burned CPU shows up under its part. */
    @Test
    void thisProcessesThreadsAreReadFromTheKernel() throws Exception {
        CountDownLatch burned = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Thread busy = new Thread(() -> {
            ThreadMXBean threads = ManagementFactory.getThreadMXBean();
            long x = 0;
            while (threads.getCurrentThreadCpuTime() < 300_000_000L) {
                x += Long.numberOfTrailingZeros(x + 1);
            }
            burned.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "veil-detector");
        busy.start();
        try {
            assertTrue(burned.await(60, TimeUnit.SECONDS));
            CpuByPart cpu = CpuByPart.ofThisProcess();
            cpu.sample();
            double detector = cpu.millis().getOrDefault(CpuPart.DETECTOR, 0.0);
            assertTrue(detector >= 250 && detector < 5000, "0.3 s of CPU counted in 10 ms ticks: " + detector);
            String line = cpu.perFrame(1, 2).orElseThrow().line();
            assertTrue(line.contains("detector "), line);
        } finally {
            release.countDown();
            busy.join();
        }
    }
}
