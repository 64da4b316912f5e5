package dev.veil.bench;

import dev.veil.bench.BenchOptions.Section;
import dev.veil.bench.ReferenceBench.Runner;
import dev.veil.inference.FaceDetectors;
import dev.veil.inference.InferenceConfig;
import dev.veil.inference.detect.Face;
import dev.veil.inference.detect.FaceDetector;
import dev.veil.run.SampleVideo;
import dev.veil.run.UsageException;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * {@code veil bench}: measures Veil on this machine and prints the tables, with the ratios to the reference tools
 * measured in the same run; or, with {@code --soak}, the endurance run. See docs/benchmarks.md.
 */
public final class BenchCommand {

    /** The criterion of the source + resize path on 4K input: at most this many times the faster reference's time. */
    static final double REFERENCE_RATIO_LIMIT = 1.25;
    private static final Duration SOAK_INTERVAL = Duration.ofSeconds(10);
    private static final Duration SOAK_WINDOW = Duration.ofMinutes(20);

    private final BenchOptions options;
    private final PrintStream out;
    private final PrintStream err;
    private final BenchReport report;

    /** {@code veil bench ARGS}: its help, its options (or its usage, after the one that is wrong), then the benchmark. */
    public static int execute(String[] args, PrintStream out, PrintStream err) {
        if (Arrays.asList(args).contains("--help")) {
            out.print(BenchOptions.USAGE);
            return 0;
        }
        BenchOptions options;
        try {
            options = BenchOptions.parse(args);
        } catch (UsageException e) {
            err.println("veil bench: " + e.getMessage() + "\n");
            err.print(BenchOptions.USAGE);
            return 2;
        }
        QuietLogs.unlessChosen();
        return new BenchCommand(options, out, err).call();
    }

    BenchCommand(BenchOptions options, PrintStream out, PrintStream err) {
        this.options = options;
        this.out = out;
        this.err = err;
        this.report = new BenchReport(out);
    }

    int call() {
        System.setProperty("java.awt.headless", "true");
        try {
            Files.createDirectories(options.out());
            return options.soak().isPresent() ? soak(options.soak().get()) : bench();
        } catch (IOException | RuntimeException e) {
            err.println("veil bench: " + e.getMessage());
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 130;
        }
    }

    private int bench() throws IOException, InterruptedException {
        long started = System.nanoTime();
        report.paragraph("# Veil benchmark" + (options.quick() ? " (--quick: rough figures)" : ""));
        machine();
        out.println("Making the input videos (kept in " + options.videos() + ")...");
        List<BenchVideos.Clip> clips = BenchVideos.standard(options.videos(), options.quick());
        BenchVideos.Clip clip720 = clips.get(0);
        report.paragraph("Inputs, made by the benchmark (H.264 by FFmpeg's libopenh264, the sample's public-domain portrait"
                + " panned and zoomed): " + String.join("; ", clips.stream().map(c -> c.name() + ", " + c.frames()
                + " frames").toList()) + ".");
        DetectorPace paceBefore = pace(clip720, "before the sections");
        boolean pass = true;
        if (options.sections().contains(Section.REFERENCES)) {
            pass &= references(clips);
        }
        if (options.sections().contains(Section.STAGES)) {
            stages(clips);
        }
        if (options.sections().contains(Section.PIPELINE)) {
            pipeline(clips);
        }
        if (options.sections().contains(Section.REALTIME)) {
            pass &= realtime(clip720);
        }
        if (options.sections().contains(Section.COVERAGE)) {
            coverage(clip720);
        }
        DetectorPace paceAfter = pace(clip720, "after the sections");
        report.paragraph("The machine's pace: the default detector's full search of the first frame of "
                + clip720.name() + ", alone on one thread, took " + paceBefore.describe() + " before the sections and "
                + paceAfter.describe() + " after them. On the build machine its speed has changed two to three times"
                + " between sittings, for the detector and the encoder more than for decoding; figures measured at"
                + " different paces do not compare.");
        report.paragraph(String.format(Locale.ROOT, "Benchmark took %.1f minutes.", (System.nanoTime() - started) / 60e9));
        report.save(options.out());
        out.println("Report, CSV and charts in " + options.out().toAbsolutePath());
        return pass ? 0 : 3;
    }

    private void machine() {
        report.heading("Machine");
        List<List<String>> rows = new ArrayList<>();
        rows.add(List.of("date", ZonedDateTime.now().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME)));
        rows.add(List.of("CPU", MachineInfo.cpuModel() + ", " + Runtime.getRuntime().availableProcessors()
                + " cores visible to the JVM"));
        rows.add(List.of("memory", MachineInfo.memory()));
        rows.add(List.of("Java", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version")));
        rows.add(List.of("OS", System.getProperty("os.name") + " " + System.getProperty("os.version")));
        rows.add(List.of("ffmpeg", ReferenceBench.ffmpegVersion().orElse("not installed")));
        rows.add(List.of("GStreamer", ReferenceBench.gstVersion().orElse("not installed")));
        rows.add(List.of("load average at start", MachineInfo.loadAverage()));
        report.table(List.of("", ""), rows);
    }

    private DetectorPace pace(BenchVideos.Clip clip, String when) throws IOException {
        DetectorPace pace = DetectorPace.ofFirstPicture(clip.file());
        out.println("  the default detector's full search of " + clip.name() + "'s first frame, " + when + ": "
                + pace.describe());
        return pace;
    }

    // ---- references: the same decode + scale + JPEG work by Veil, ffmpeg and GStreamer ----

    private boolean references(List<BenchVideos.Clip> clips) throws IOException, InterruptedException {
        report.heading("Decode + scale to 1280x720 + JPEG: Veil against ffmpeg and GStreamer");
        ReferenceBench bench = new ReferenceBench();
        Path logs = options.out().resolve("logs");
        List<Runner> runners = new ArrayList<>(List.of(Runner.VEIL, Runner.VEIL_FULL));
        if (ReferenceBench.ffmpegVersion().isPresent()) {
            runners.add(Runner.FFMPEG);
        } else {
            report.paragraph("ffmpeg is not installed (Debian: apt-get install ffmpeg): its column is empty.");
        }
        if (ReferenceBench.gstVersion().isPresent()) {
            runners.add(Runner.GSTREAMER);
        } else {
            report.paragraph("gst-launch-1.0 is not installed (Debian: apt-get install gstreamer1.0-tools"
                    + " gstreamer1.0-libav gstreamer1.0-plugins-base gstreamer1.0-plugins-good): its column is empty.");
        }
        out.println("Warming up...");
        bench.run(Runner.VEIL, clips.get(0), logs);
        int rounds = options.quick() ? 1 : 3;
        List<List<String>> rows = new ArrayList<>();
        Map<BenchVideos.Clip, Map<Runner, ReferenceBench.Result>> all = new LinkedHashMap<>();
        boolean pass = true;
        for (BenchVideos.Clip clip : clips) {
            Map<Runner, List<ReferenceBench.Run>> runs = new EnumMap<>(Runner.class);
            for (int r = 0; r < rounds; r++) {
                for (Runner runner : runners) {
                    boolean full = runner == Runner.VEIL_FULL;
                    if (full && (clip.width() <= ReferenceBench.WIDTH || r >= 2)) {
                        continue; // at 720p the two Veil paths are the same; the slow old path gets two rounds
                    }
                    out.println("  " + clip.name() + ": " + runner.label + " (round " + (r + 1) + ")");
                    runs.computeIfAbsent(runner, k -> new ArrayList<>()).add(bench.run(runner, clip, logs));
                }
            }
            Map<Runner, ReferenceBench.Result> results = new EnumMap<>(Runner.class);
            runs.forEach((runner, list) -> results.put(runner, new ReferenceBench.Result(runner, clip, list)));
            all.put(clip, results);
            double fastestReference = results.entrySet().stream()
                    .filter(e -> e.getKey() == Runner.FFMPEG || e.getKey() == Runner.GSTREAMER)
                    .mapToDouble(e -> e.getValue().medianSeconds()).min().orElse(Double.NaN);
            for (ReferenceBench.Result r : results.values()) {
                double ratio = r.medianSeconds() / fastestReference;
                rows.add(List.of(clip.name(), r.runner().label, fmt(r.fps()) + " " + spread(r.roundFps()),
                        fmt(r.medianSeconds()), fmt(r.cpuMsPerFrame()), r.pictures() + (r.allPictures() ? "" : " **of "
                                + clip.frames() + "**"), Long.toString(r.bytesPerPicture() / 1024),
                        Double.isFinite(ratio) ? String.format(Locale.ROOT, "%.2f", ratio) : "–"));
                if (!r.allPictures()) {
                    pass = false;
                }
            }
            ReferenceBench.Result veil = results.get(Runner.VEIL);
            if (clip.width() >= 3840 && veil != null && Double.isFinite(fastestReference)) {
                double ratio = veil.medianSeconds() / fastestReference;
                boolean ok = ratio <= REFERENCE_RATIO_LIMIT;
                pass &= ok;
                report.paragraph(String.format(Locale.ROOT, "**4K → 720p: Veil's source + resize takes %.2f× the time"
                        + " of the faster reference (criterion: at most %.2f×): %s.**", ratio, REFERENCE_RATIO_LIMIT,
                        ok ? "met" : "NOT met"));
            }
        }
        report.table(List.of("input", "who", "frames/s (median, min–max of rounds)", "seconds (median)",
                "CPU ms per frame", "pictures made", "KiB per JPEG", "time ÷ faster reference"), rows);
        report.paragraph("Every runner decodes the same file with FFmpeg's H.264 decoder (frame threads on every core),"
                + " scales each picture to 1280x720 (bilinear), and encodes it as JPEG: Veil and GStreamer with"
                + " libjpeg(-turbo) at quality 90, ffmpeg with its own MJPEG encoder at -q:v "
                + ReferenceBench.FFMPEG_QSCALE + " (the nearest it has). The tools' JPEG stream is read from their"
                + " standard output and counted picture by picture. " + rounds + " round(s), interleaved; CPU time"
                + " is the tool's own process (for Veil: this whole process).");
        List<String> groups = new ArrayList<>();
        Map<Runner, double[]> fps = new EnumMap<>(Runner.class);
        int gi = 0;
        for (Map.Entry<BenchVideos.Clip, Map<Runner, ReferenceBench.Result>> e : all.entrySet()) {
            groups.add(e.getKey().name().replaceFirst(" \\(.*", "") + " → 720p");
            for (Runner runner : runners) {
                double[] v = fps.computeIfAbsent(runner, k -> new double[all.size()]);
                ReferenceBench.Result r = e.getValue().get(runner);
                v[gi] = r == null ? Double.NaN : r.fps();
            }
            gi++;
        }
        List<BenchChart.Series> series = new ArrayList<>();
        fps.forEach((runner, v) -> series.add(new BenchChart.Series(runner.label, v)));
        BenchChart.bars(options.out().resolve("reference.png"), "Decode + scale to 720p + JPEG, frames per second"
                + " (higher is better)", "frames/s", groups, series);
        return pass;
    }

    // ---- stages ----

    private void stages(List<BenchVideos.Clip> clips) throws IOException {
        report.heading("Each stage alone");
        List<List<String>> rows = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        StageBench bench = new StageBench(options.quick(), m -> {
            out.println("  " + m.name() + " " + m.size() + ": " + fmt(m.p50Ms()) + " ms p50");
            report.csv("stage", m);
            rows.add(row(m));
        }, notes::add);
        try {
            for (BenchVideos.Clip clip : clips) {
                bench.pictures(clip);
            }
            bench.detectors(clips.get(0), options.yolo());
            bench.anonymizer(clips.get(0));
        } catch (IOException | RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IOException(e.getMessage(), e);
        }
        report.table(List.of("what", "size", "items/s (median, min–max of rounds)", "ms p50", "ms p99",
                "CPU ms per item", "peak RSS MiB"), rows);
        notes.forEach(n -> report.paragraph("- " + n));
        report.paragraph("One item at a time on one calling thread (FFmpeg's decoder and OpenCV may use their own"
                + " threads, as in the pipeline). Warm-up items first, then rounds; the spread is the lowest and"
                + " highest round. CPU ms per item counts every thread of the process.");
    }

    private static List<String> row(Measured m) {
        return List.of(m.name(), m.size(), m.fpsWithSpread(), fmt(m.p50Ms()), fmt(m.p99Ms()), fmt(m.cpuMsPerItem()),
                m.peakRssBytes() > 0 ? String.format(Locale.ROOT, "%.0f", m.peakRssBytes() / 1048576.0) : "–");
    }

    // ---- the whole pipeline ----

    private void pipeline(List<BenchVideos.Clip> clips) throws IOException, InterruptedException {
        report.heading("The whole `veil run` pipeline, as fast as it goes");
        PipelineBench bench = new PipelineBench(options.out().resolve("logs"));
        List<List<String>> rows = new ArrayList<>();
        BenchVideos.Clip clip720 = clips.get(0);
        int headline = options.detectEvery();
        for (int n : new int[] {1, 2, 3}) {
            int rounds = n == headline && !options.quick() ? 2 : 1;
            for (int r = 0; r < rounds; r++) {
                out.println("  veil run " + clip720.name() + " --detect-every " + n + " (round " + (r + 1) + ")");
                rows.add(pipelineRow(bench.run(clip720, n, false)));
            }
        }
        for (BenchVideos.Clip clip : clips.subList(1, clips.size())) {
            out.println("  veil run " + clip.name() + " --detect-every " + headline);
            rows.add(pipelineRow(bench.run(clip, headline, false)));
        }
        report.table(PIPELINE_HEADERS, rows);
        report.paragraph("`veil run --pacing as-fast-as-possible --detect-every N`: source (scaling into 1280x720 while"
                + " decoding), filter-resize, inference (YuNet, the default detector), sink (blur) and the display server"
                + " in this process, each stage on its own thread. Latency is from the source's decode to the display,"
                + " over the last frames shown (up to 300); as fast as possible, frames queue between the stages, so"
                + " latency here is queueing: see the real-time table for latency at the video's speed.");
    }

    private static final List<String> PIPELINE_HEADERS = List.of("input", "detect every", "frames", "frames/s",
            "CPU ms per frame", "latency p50 / p99 ms", "carried", "failed closed", "peak RSS MiB", "native (JavaCPP) MiB");

    private static List<String> pipelineRow(PipelineBench.Run r) {
        return List.of(r.clip().name(), Integer.toString(r.detectEvery()), Long.toString(r.frames()), fmt(r.fps()),
                fmt(r.cpuMsPerFrame()), fmt(r.latencyP50Ms()) + " / " + fmt(r.latencyP99Ms()),
                String.format(Locale.ROOT, "%.0f%%", 100 * r.carried()), Long.toString(r.failedClosed()),
                String.format(Locale.ROOT, "%.0f", r.peakRssBytes() / 1048576.0),
                String.format(Locale.ROOT, "%.0f", r.nativeBytes() / 1048576.0));
    }

    private boolean realtime(BenchVideos.Clip clip720) throws IOException, InterruptedException {
        report.heading("Real time: `veil run` at the video's own speed (" + clip720.name() + ")");
        PipelineBench bench = new PipelineBench(options.out().resolve("logs"));
        List<List<String>> rows = new ArrayList<>();
        boolean headlineKeepsUp = false;
        for (int n : new int[] {1, 2, 3}) {
            out.println("  veil run " + clip720.name() + " --pacing realtime --detect-every " + n);
            PipelineBench.Run run = bench.run(clip720, n, true);
            List<String> row = new ArrayList<>(pipelineRow(run));
            row.add(run.keepsUp() ? "yes" : "**no**");
            rows.add(row);
            if (n == options.detectEvery()) {
                headlineKeepsUp = run.keepsUp();
            }
        }
        List<String> headers = new ArrayList<>(PIPELINE_HEADERS);
        headers.add("keeps up");
        report.table(headers, rows);
        report.paragraph(String.format(Locale.ROOT, "Keeps up: every frame done within %.0f s of the video's own"
                + " length (%.0f s: opening the input and the last frame's trip), with the latency's median under %.0f"
                + " ms at the end. A pipeline that falls behind piles frames up: a file's frames are never dropped, so"
                + " its latency grows for as long as it runs.", PipelineBench.KEEP_UP_SLACK_SECONDS,
                clip720.frames() / clip720.fps(), PipelineBench.KEEP_UP_LATENCY_MS));
        report.paragraph(String.format(Locale.ROOT, "**720p30 in real time with `--detect-every %d` (veil run's"
                + " default): %s.**", options.detectEvery(), headlineKeepsUp ? "kept up" : "did NOT keep up"));
        return headlineKeepsUp;
    }

    // ---- what carrying faces costs in coverage ----

    private void coverage(BenchVideos.Clip clip720) throws IOException, InterruptedException {
        report.heading("What detecting every Nth frame costs: faces covered in every output frame?");
        PipelineBench bench = new PipelineBench(options.out().resolve("logs"));
        List<List<String>> rows = new ArrayList<>();
        List<BenchVideos.Clip> clips = new ArrayList<>(List.of(clip720));
        if (options.shared().isPresent()) {
            double seconds = options.quick() ? 2 : 6;
            Path zidane = options.shared().get().resolve("media/zidane.jpg");
            Path bus = options.shared().get().resolve("media/bus.jpg");
            if (Files.isRegularFile(zidane)) {
                clips.add(BenchVideos.fromPhoto(options.videos(), zidane, new SampleVideo.Camera(1.6, 0.45, 0.35), 30,
                        seconds));
            }
            if (Files.isRegularFile(bus)) {
                clips.add(BenchVideos.fromPhoto(options.videos(), bus, new SampleVideo.Camera(1.8, 0.5, 0.35), 30,
                        seconds));
            }
        }
        for (BenchVideos.Clip clip : clips) {
            out.println("  reference faces of " + clip.name());
            List<List<Face>> own = referenceFaces(clip, InferenceConfig.defaults().model());
            Optional<List<List<Face>>> yolo = options.yolo().isPresent()
                    ? Optional.of(referenceFaces(clip, options.yolo().get().toString())) : Optional.empty();
            for (int n : new int[] {1, 2, 3}) {
                Path output = options.out().resolve("logs").resolve("coverage-every" + n + ".mp4");
                out.println("  veil run " + clip.name() + " --detect-every " + n + " --output ...");
                PipelineBench.Run run = bench.run(clip, n, false, Optional.of(output), Optional.empty());
                CoverageCheck.Report byOwn = CoverageCheck.compare(clip.file(), output, own);
                List<String> row = new ArrayList<>(List.of(clip.name(), Integer.toString(n),
                        String.format(Locale.ROOT, "%.0f%%", 100 * run.carried()),
                        byOwn.inputFrames() + " / " + byOwn.outputFrames()));
                row.addAll(coverageCells(byOwn));
                if (yolo.isPresent()) {
                    row.addAll(coverageCells(CoverageCheck.compare(clip.file(), output, yolo.get())));
                } else {
                    row.addAll(List.of("–", "–"));
                }
                row.add(String.format(Locale.ROOT, "%.1f / %.1f", byOwn.meanPsnrOutside(), byOwn.worstPsnrOutside()));
                rows.add(row);
                Files.deleteIfExists(output);
            }
        }
        report.table(List.of("input", "detect every", "carried", "frames in / out",
                "faces the default detector finds on every frame: frames with one not covered",
                "worst detail left", "faces YOLO finds: frames with one not covered", "worst detail left",
                "PSNR outside the faces, mean / worst dB"), rows);
        report.paragraph("The pipeline runs its default detector (YuNet) on every Nth frame. Two"
                + " references say where the faces are in every input frame: the default detector itself run on"
                + " every frame (so any face it finds there and the output leaves visible is the cost of carrying),"
                + " and " + (options.yolo().isPresent() ? "the YOLO face model, a stronger detector (faces it finds"
                + " that YuNet never finds are the detector's misses, at every cadence)" : "no YOLO model (none"
                + " given)") + ". A face is covered when its box in the output keeps at most "
                + CoverageCheck.MAX_DETAIL_LEFT + " of the fine detail (variance of the Laplacian) it has in the"
                + " input; the PSNR outside the faces (and a margin) shows how much more the larger carried boxes"
                + " blurred. The photo clips pan and zoom over ../shared's photos (test data, never shipped).");
    }

    private static List<String> coverageCells(CoverageCheck.Report check) {
        long faces = check.frames().stream().mapToLong(CoverageCheck.FrameResult::faces).sum();
        return List.of((check.framesNotCovered() == 0 ? "0" : "**" + check.framesNotCovered() + "**") + " of "
                + check.framesWithFaces() + " (" + faces + " faces)", String.format(Locale.ROOT, "%.3f",
                check.worstDetailRatio()));
    }

    private List<List<Face>> referenceFaces(BenchVideos.Clip clip, String model) throws IOException {
        try (FaceDetector detector = FaceDetectors.open(new InferenceConfig(model, 0.5, InferenceConfig.DEFAULT_NMS_IOU,
                640))) {
            return CoverageCheck.referenceFaces(clip.file(), detector, 1280, 720);
        }
    }

    // ---- soak ----

    private int soak(Duration length) throws IOException, InterruptedException {
        BenchVideos.Clip clip = BenchVideos.sample(options.videos(), "720p", 1280, 720, 30, 12);
        Duration window = length.compareTo(SOAK_WINDOW.multipliedBy(3).dividedBy(2)) >= 0 ? SOAK_WINDOW
                : length.multipliedBy(2).dividedBy(3);
        SoakRun soak = new SoakRun(clip, length, SOAK_INTERVAL, window, options.detectEvery());
        Path csv = options.out().resolve("soak.csv");
        out.println("Soak: veil run --loop --detect-every " + options.detectEvery() + " on " + clip.name() + " for "
                + length + "; samples every " + SOAK_INTERVAL.toSeconds() + " s into " + csv);
        List<SoakRun.Sample> samples = soak.run(csv, options.out().resolve("soak-veil-run.log"), out);
        SoakRun.Verdict v = soak.verdict(samples);
        double[] x = samples.stream().mapToDouble(s -> s.seconds() / 60).toArray();
        BenchChart.lines(options.out().resolve("soak.png"), "veil run --loop, memory over " + length.toMinutes()
                + " minutes", "minutes", "MiB", x, List.of(
                        new BenchChart.Series("resident (RSS)", samples.stream().mapToDouble(s -> SoakRun.mib(s.rssBytes())).toArray()),
                        new BenchChart.Series("native via JavaCPP", samples.stream().mapToDouble(s -> SoakRun.mib(s.javacppBytes())).toArray()),
                        new BenchChart.Series("Java heap in use", samples.stream().mapToDouble(s -> SoakRun.mib(s.heapUsedBytes())).toArray())));
        SoakRun.Sample last = samples.get(samples.size() - 1);
        String verdict = String.format(Locale.ROOT, "Soak of %s: %d frames (%.1f frames/s over the window), CPU %.0f s."
                + " Over the last %d minutes (from %.0f s): RSS %.1f → %.1f MiB (%+.2f%%), native via JavaCPP %.1f → %.1f"
                + " MiB (%+.2f%%): %s (criterion: under %.0f%% growth).", length, last.frames(), v.fps(),
                last.cpuSeconds(), window.toMinutes(), v.fromSeconds(), SoakRun.mib(v.startRssBytes()),
                SoakRun.mib(v.endRssBytes()), v.rssGrowthPercent(), SoakRun.mib(v.startNativeBytes()),
                SoakRun.mib(v.endNativeBytes()), v.nativeGrowthPercent(), v.flat() ? "flat" : "GROWING",
                SoakRun.MAX_GROWTH_PERCENT);
        out.println(verdict);
        Files.writeString(options.out().resolve("soak.md"), "# Soak\n\n" + MachineInfo.summary() + "\n\n" + verdict + "\n");
        return v.flat() ? 0 : 3;
    }

    private static String fmt(double v) {
        if (!Double.isFinite(v)) {
            return "–";
        }
        return String.format(Locale.ROOT, v >= 100 ? "%.0f" : v >= 10 ? "%.1f" : "%.2f", v);
    }

    private static String spread(double[] values) {
        if (values.length < 2) {
            return "";
        }
        double min = java.util.Arrays.stream(values).min().orElse(0);
        double max = java.util.Arrays.stream(values).max().orElse(0);
        return "(" + fmt(min) + "–" + fmt(max) + ")";
    }
}
