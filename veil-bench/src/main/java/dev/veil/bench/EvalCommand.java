package dev.veil.bench;

import com.google.protobuf.ByteString;
import dev.veil.accuracy.Box;
import dev.veil.accuracy.Camera;
import dev.veil.accuracy.CameraPath;
import dev.veil.accuracy.Clip;
import dev.veil.accuracy.ClipMaker;
import dev.veil.accuracy.ClipSpec;
import dev.veil.accuracy.FrameScore;
import dev.veil.accuracy.FrameTruth;
import dev.veil.accuracy.LocatedPhoto;
import dev.veil.accuracy.LocatedSet;
import dev.veil.accuracy.MarkdownTable;
import dev.veil.accuracy.PanZoomRenderer;
import dev.veil.accuracy.ScoreSummary;
import dev.veil.accuracy.Scoring;
import dev.veil.accuracy.SizeBucket;
import dev.veil.accuracy.TruthSet;
import dev.veil.bench.EvalOptions.DetectorChoice;
import dev.veil.bench.EvalOptions.Section;
import dev.veil.config.ConfigException;
import dev.veil.frame.FrameCodec;
import dev.veil.frame.InvalidFrameException;
import dev.veil.frame.JpegCodec;
import dev.veil.frame.StageClock;
import dev.veil.frame.v1.Detection;
import dev.veil.frame.v1.DetectionStatus;
import dev.veil.frame.v1.Frame;
import dev.veil.inference.FaceDetectors;
import dev.veil.inference.FaceInference;
import dev.veil.inference.InferenceConfig;
import dev.veil.inference.InferenceStats;
import dev.veil.inference.detect.Face;
import dev.veil.inference.detect.FaceDetector;
import dev.veil.inference.tracking.TrackingConfig;
import dev.veil.run.CpuPart;
import dev.veil.run.ExitStatus;
import dev.veil.run.FrameCpu;
import dev.veil.run.RunOptions;
import dev.veil.run.SampleVideo;
import dev.veil.run.UsageException;
import dev.veil.sink.AnonymizerConfig;
import dev.veil.stage.FaceBox;
import dev.veil.stage.FaceStatus;
import dev.veil.stage.FrameInfo;
import dev.veil.stage.Picture;
import dev.veil.stage.VideoFrame;
import io.numaproj.numaflow.mapper.Message;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.bytedeco.opencv.global.opencv_imgcodecs;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * {@code veil eval}: the accuracy set's photos, stills and pan/zoom clips, through the detectors, the inference
 * vertex and the whole of {@code veil run}, scored against the reviewed true faces (module {@code accuracy}).
 * Tables go to the terminal as each part ends, and all of them to {@code eval.md} in the output folder.
 */
public final class EvalCommand {

    /** The picture the stills are fitted into: the display size the pipeline uses. */
    private static final int WIDTH = 1280;
    private static final int HEIGHT = 720;
    /** Time one clip's veil run may take, start-up and all: a 90-frame clip takes about 5 s. */
    private static final Duration RUN_TIMEOUT = Duration.ofMinutes(10);

    private final EvalOptions options;
    private final PrintStream out;
    private final PrintStream err;
    private final StringBuilder report = new StringBuilder();
    /** Covers as the sink makes them: each box grown by its margin. */
    private final Scoring scoring = new Scoring(AnonymizerConfig.DEFAULT_MARGIN);

    /** {@code veil eval ARGS}: its help, its options (or its usage, after the one that is wrong), then the evaluation. */
    public static int execute(String[] args, PrintStream out, PrintStream err) {
        if (Arrays.asList(args).contains("--help")) {
            out.print(EvalOptions.USAGE);
            return 0;
        }
        EvalOptions options;
        try {
            options = EvalOptions.parse(args);
        } catch (UsageException e) {
            err.println("veil eval: " + e.getMessage() + "\n");
            err.print(EvalOptions.USAGE);
            return 2;
        }
        QuietLogs.unlessChosen();
        return new EvalCommand(options, out, err).call();
    }

    EvalCommand(EvalOptions options, PrintStream out, PrintStream err) {
        this.options = options;
        this.out = out;
        this.err = err;
    }

    int call() {
        long started = System.nanoTime();
        try {
            Files.createDirectories(options.out());
            LocatedSet set = locate();
            if (set.photos().isEmpty()) {
                err.println("veil eval: no photo of the accuracy set was found; give --media");
                return 2;
            }
            heading("Veil accuracy evaluation");
            paragraph(MachineInfo.summary() + " Photos: " + set.photos().stream().map(p -> p.truth().fileName())
                    .toList() + (set.complete() ? "" : "; not measured: " + String.join("; ", set.problems()))
                    + ". Clips: " + options.frames() + " frames of 1280x720 at 30 fps, cameras "
                    + options.cameras().stream().map(Camera::name).toList() + ". A face is covered when one"
                    + " detection, grown by the sink's margin (" + AnonymizerConfig.DEFAULT_MARGIN + " a side), covers"
                    + " 80% of it; found when a detection overlaps it by IoU 0.4; a detection touching no true face is"
                    + " a false positive.");
            if (options.sections().contains(Section.STILLS)) {
                stills(set.photos());
            }
            List<Clip> clips = new ArrayList<>();
            if (options.sections().contains(Section.CLIPS) || options.sections().contains(Section.TRACKING)
                    || options.sections().contains(Section.END_TO_END)) {
                ClipMaker maker = new ClipMaker(options.out().resolve("clips"));
                for (LocatedPhoto photo : set.photos()) {
                    for (Camera camera : options.cameras()) {
                        clips.add(maker.make(photo, ClipSpec.of(camera, options.frames())));
                    }
                }
            }
            if (options.sections().contains(Section.CLIPS) || options.sections().contains(Section.TRACKING)) {
                clipsAndTracking(clips);
            }
            if (options.sections().contains(Section.END_TO_END)) {
                endToEnd(clips);
            }
            paragraph(String.format(Locale.ROOT, "Took %.1f minutes.", (System.nanoTime() - started) / 60e9));
            Path file = options.out().resolve("eval.md");
            Files.writeString(file, report);
            out.println("Wrote " + file);
            return 0;
        } catch (ConfigException e) {
            err.println("veil eval: " + e.getMessage());
            return 2;
        } catch (IOException | InvalidFrameException e) {
            err.println("veil eval: " + e.getMessage());
            return 1;
        } catch (IllegalArgumentException e) {
            err.println("veil eval: " + e.getMessage());
            return 2;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 130;
        }
    }

    /** The set's photos in --media, and the portrait Veil carries (copied out of this jar). */
    private LocatedSet locate() throws IOException {
        Path own = options.out().resolve("photos");
        Files.createDirectories(own);
        try (InputStream in = SampleVideo.class.getResourceAsStream("sample/" + TruthSet.PORTRAIT)) {
            if (in != null) {
                Files.copy(in, own.resolve(TruthSet.PORTRAIT), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        List<Path> folders = new ArrayList<>();
        options.media().ifPresent(folders::add);
        folders.add(own);
        TruthSet all = TruthSet.load();
        for (String name : options.photos()) {
            all.photo(name); // an unknown name stops here, naming it
        }
        LocatedSet set = all.locate(folders);
        if (!options.photos().isEmpty()) {
            set = new LocatedSet(set.photos().stream().filter(p -> options.photos().contains(p.truth().fileName()))
                    .toList(), set.missing().stream().filter(options.photos()::contains).toList(),
                    set.different().stream().filter(m -> options.photos().contains(m.fileName())).toList());
        }
        if (!set.complete()) {
            err.println("veil eval: measuring without " + String.join("; ", set.problems())
                    + (options.media().isEmpty() ? " (no --media folder, and no ../shared/media here)" : ""));
        }
        return set;
    }

    private void stills(List<LocatedPhoto> photos) throws IOException {
        heading("Stills: each photo fitted into 1280x720");
        Map<String, ScoreSummary> byDetector = new LinkedHashMap<>();
        for (DetectorChoice choice : options.detectors()) {
            try (FaceDetector detector = open(choice)) {
                ScoreSummary total = ScoreSummary.EMPTY;
                for (LocatedPhoto photo : photos) {
                    CameraPath path = ClipSpec.of(Camera.WIDE, 1).pathOver(photo.truth().width(), photo.truth().height());
                    FrameTruth truth = Clip.truthAlong(photo.truth(), path).get(0);
                    try (Mat picture = opencv_imgcodecs.imread(photo.file().toString());
                         PanZoomRenderer renderer = new PanZoomRenderer(picture, path);
                         Mat frame = new Mat()) {
                        renderer.render(0, frame);
                        total = total.plus(ScoreSummary.of(List.of(score(truth, detector.detect(frame)))));
                    }
                }
                byDetector.put(choice.label(), total);
            }
        }
        table(bucketsTable(byDetector, false));
    }

    private void clipsAndTracking(List<Clip> clips) throws IOException, InvalidFrameException {
        Map<String, ScoreSummary> byDetector = new LinkedHashMap<>();
        Map<TrackingConfig, ScoreSummary> byTracking = new LinkedHashMap<>();
        Map<TrackingConfig, long[]> carried = new LinkedHashMap<>();
        Map<String, ScoreSummary> defaultPerClip = new LinkedHashMap<>();
        Map<String, ScoreSummary> runPerClip = new LinkedHashMap<>();
        TrackingConfig defaults = TrackingConfig.defaults();
        TrackingConfig runDefaults;
        try {
            runDefaults = RunOptions.parse().tracking();
        } catch (UsageException e) {
            throw new IllegalStateException(e);
        }
        List<FaceDetector> detectors = new ArrayList<>();
        try {
            if (options.sections().contains(Section.CLIPS)) {
                for (DetectorChoice choice : options.detectors()) {
                    detectors.add(open(choice));
                }
            }
            FaceDetector veils = options.sections().contains(Section.TRACKING)
                    ? open(options.detectors().get(0)) : null;
            try {
                for (Clip clip : clips) {
                    ClipPictures pictures = ClipPictures.decode(clip.file());
                    out.println("eval: " + clip.name() + " (" + pictures.frames() + " frames)");
                    for (int d = 0; d < detectors.size(); d++) {
                        List<FrameScore> scores = new ArrayList<>();
                        for (int i = 0; i < pictures.frames(); i++) {
                            try (Mat frame = JpegCodec.decode(pictures.jpegs().get(i))) {
                                scores.add(score(clip.truth().get(i), detectors.get(d).detect(frame)));
                            }
                        }
                        byDetector.merge(options.detectors().get(d).label(), ScoreSummary.of(scores), ScoreSummary::plus);
                    }
                    if (veils != null) {
                        for (TrackingConfig tracking : options.tracking()) {
                            long[] counts = carried.computeIfAbsent(tracking, t -> new long[2]);
                            ScoreSummary s = throughVertex(veils, tracking, clip, pictures, counts);
                            byTracking.merge(tracking, s, ScoreSummary::plus);
                            if (tracking.equals(defaults)) {
                                defaultPerClip.put(clip.name(), s);
                            }
                            if (tracking.equals(runDefaults)) {
                                runPerClip.put(clip.name(), s);
                            }
                        }
                    }
                }
            } finally {
                if (veils != null) {
                    veils.close();
                }
            }
        } finally {
            detectors.forEach(FaceDetector::close);
        }
        if (!byDetector.isEmpty()) {
            heading("Clips: each detector on every frame (nothing held, nothing carried)");
            table(bucketsTable(byDetector, true));
        }
        if (!byTracking.isEmpty()) {
            heading("Clips through the inference vertex: cadence and hold (" + options.detectors().get(0).label() + ")");
            MarkdownTable t = MarkdownTable.of("detect every", "hold frames", "full search every", "faces >= 16 covered",
                    "frames with a face >= 16 left uncovered", "faces < 16 covered", "false positives per frame",
                    "frames carried", "carried frames detected after all (picture changed)");
            for (Map.Entry<TrackingConfig, ScoreSummary> e : byTracking.entrySet()) {
                ScoreSummary s = e.getValue();
                long[] c = carried.get(e.getKey());
                t = t.withRow(Integer.toString(e.getKey().detectEvery()), Integer.toString(e.getKey().holdFrames()),
                        Integer.toString(e.getKey().fullSearchEvery()),
                        MarkdownTable.share(s.from16().covered(), s.from16().faces()),
                        MarkdownTable.share(s.framesWithFaceFrom16() - s.framesAllFrom16Covered(), s.framesWithFaceFrom16()),
                        MarkdownTable.share(s.bucket(SizeBucket.UNDER_16).covered(), s.bucket(SizeBucket.UNDER_16).faces()),
                        MarkdownTable.decimal(s.falsePositivesPerFrame(), 2),
                        MarkdownTable.share((int) c[0], s.frames()), Long.toString(c[1]));
            }
            table(t);
            perClip("Per clip, " + options.detectors().get(0).label() + " with the vertex's defaults (detect every "
                    + defaults.detectEvery() + ", hold " + defaults.holdFrames() + ", full search every "
                    + defaults.fullSearchEvery() + ")", defaultPerClip);
            perClip("Per clip, " + options.detectors().get(0).label() + " with veil run's defaults (detect every "
                    + runDefaults.detectEvery() + ", hold " + runDefaults.holdFrames() + ", full search every "
                    + runDefaults.fullSearchEvery() + ")", runPerClip);
        }
    }

    private void perClip(String title, Map<String, ScoreSummary> byClip) {
        if (byClip.isEmpty()) {
            return;
        }
        heading(title);
        MarkdownTable p = MarkdownTable.of("clip", "faces >= 16 covered", "frames with a face >= 16 left uncovered",
                "false positives per frame");
        for (Map.Entry<String, ScoreSummary> e : byClip.entrySet()) {
            ScoreSummary s = e.getValue();
            p = p.withRow(e.getKey(), MarkdownTable.share(s.from16().covered(), s.from16().faces()),
                    MarkdownTable.share(s.framesWithFaceFrom16() - s.framesAllFrom16Covered(), s.framesWithFaceFrom16()),
                    MarkdownTable.decimal(s.falsePositivesPerFrame(), 2));
        }
        table(p);
    }

    /** The clip's frames through a fresh inference stage, one by one, as its vertex would hand them in. */
    private ScoreSummary throughVertex(FaceDetector detector, TrackingConfig tracking, Clip clip,
                                       ClipPictures pictures, long[] carried) throws InvalidFrameException {
        List<FrameScore> scores = new ArrayList<>();
        try (FaceInference vertex = new FaceInference(detector, 1, Duration.ZERO, tracking)) {
            for (int i = 0; i < pictures.frames(); i++) {
                FrameInfo info = FrameInfo.captured(clip.name(), i, i * 33_333L, StageClock.nowMicros());
                List<Box> boxes = new ArrayList<>();
                try (VideoFrame result = vertex.process(new VideoFrame(info, Picture.ofJpeg(pictures.jpegs().get(i),
                        pictures.width(), pictures.height())))) {
                    if (result.info().status() == FaceStatus.FAILED) {
                        throw new IllegalStateException(clip.name() + " frame " + i + ": "
                                + result.info().detectionError());
                    }
                    for (FaceBox d : result.info().faces()) {
                        boxes.add(Box.ofNormalized(d.xMin(), d.yMin(), d.xMax(), d.yMax(), pictures.width(),
                                pictures.height()));
                    }
                }
                scores.add(scoring.score(clip.truth().get(i), boxes));
            }
            InferenceStats stats = vertex.stats();
            carried[0] += stats.carried();
            carried[1] += stats.changed();
        }
        return ScoreSummary.of(scores);
    }

    private void endToEnd(List<Clip> clips) throws IOException, InterruptedException {
        heading("End to end: veil run with its defaults" + (options.runFlags().isEmpty() ? ""
                : " and " + String.join(" ", options.runFlags())) + " on each clip, each in a JVM of its own, its MP4"
                + " judged face by face");
        int rounds = options.runs();
        MarkdownTable t = MarkdownTable.of("clip", "faces >= 16 without their detail", "frames with a face >= 16 still"
                + " detailed", "faces < 16 without their detail", "frames in / out", rounds == 1
                ? "frames per second after start-up" : "frames per second after start-up: median (slowest-fastest)",
                "CPU a frame, ms: detector / MP4 encoding / in all");
        Path work = options.out().resolve("end-to-end");
        Files.createDirectories(work);
        // The machine's pace before and after, in this JVM while no run is going: on the build machine the same
        // work has taken twice as long from one hour to the next, and a frame rate means little without it.
        Clip paced = clips.isEmpty() ? null : clips.get(0);
        DetectorPace before = paced == null ? null : pace(paced, "before the runs");
        // In rounds, every clip once and then every clip again, rather than one clip's runs back to back: a slow
        // spell of the machine then slows one run of several clips, not every run of one.
        List<List<EndToEndRuns.Run>> runs = new ArrayList<>();
        clips.forEach(c -> runs.add(new ArrayList<>()));
        for (int round = 1; round <= rounds; round++) {
            for (int i = 0; i < clips.size(); i++) {
                runs.get(i).add(runVeil(clips.get(i), work, round));
            }
        }
        FaceDetailJudge.Counts total = new FaceDetailJudge.Counts(0, 0);
        double slowestMedian = Double.POSITIVE_INFINITY;
        double slowestRun = Double.POSITIVE_INFINITY;
        List<String> differing = new ArrayList<>();
        for (int i = 0; i < clips.size(); i++) {
            String name = clips.get(i).name();
            EndToEndRuns clipRuns = new EndToEndRuns(runs.get(i));
            FaceDetailJudge.Verdict v = clipRuns.worst().verdict();
            slowestMedian = Math.min(slowestMedian, clipRuns.median().framesPerSecond());
            slowestRun = Math.min(slowestRun, clipRuns.slowest());
            if (!clipRuns.sameFaces()) {
                differing.add(name);
            }
            total = total.plus(v.from16());
            FaceDetailJudge.Counts small = v.buckets().get(SizeBucket.UNDER_16);
            t = t.withRow(name, MarkdownTable.share(v.from16().hidden(), v.from16().faces()),
                    MarkdownTable.share(v.framesWithVisibleFace(), v.framesWithFaceFrom16()),
                    MarkdownTable.share(small.hidden(), small.faces()), v.inputFrames() + " / " + v.outputFrames(),
                    clipRuns.framesPerSecondCell(), clipRuns.median().cpu().map(EvalCommand::cpuCell).orElse("-"));
        }
        t = t.withRow("all", MarkdownTable.share(total.hidden(), total.faces()), "", "", "", rounds == 1
                ? "slowest " + MarkdownTable.decimal(slowestMedian, 1)
                : "slowest median " + MarkdownTable.decimal(slowestMedian, 1) + ", slowest run "
                        + MarkdownTable.decimal(slowestRun, 1), "");
        table(t);
        if (rounds > 1) {
            paragraph("Each clip ran " + rounds + " times, in rounds. The faces are those of the run that hid the"
                    + " fewest; " + (differing.isEmpty() ? "every run of a clip hid the same faces."
                    : "the runs hid different faces on " + String.join(", ", differing) + ".")
                    + " The CPU is the median run's.");
        }
        if (paced != null) {
            DetectorPace after = pace(paced, "after the runs");
            paragraph("The machine's pace: the default detector's full search of the first frame of " + paced.name()
                    + ", alone on one thread, took " + before.describe() + " before the runs and " + after.describe()
                    + " after them. The detector's CPU a frame in the runs (the last column) moves with it.");
        }
    }

    /** One {@code veil run} of the clip, in a JVM of its own, its MP4 judged; round 1's output keeps the plain name. */
    private EndToEndRuns.Run runVeil(Clip clip, Path work, int round) throws IOException, InterruptedException {
        String suffix = round == 1 ? "-veil.mp4" : "-veil-run" + round + ".mp4";
        Path output = work.resolve(clip.file().getFileName().toString().replace(".mp4", suffix));
        // Each clip in a JVM of its own, as a person runs veil run: here the JIT would be warm from the clips
        // before, and three seconds on two cores are mostly its warm-up.
        List<String> arguments = new java.util.ArrayList<>(List.of("--input", clip.file().toString(), "--output",
                output.toString(), "--pacing", "as-fast-as-possible", "--port", "0"));
        arguments.addAll(options.runFlags());
        FreshJvmRun.Summary summary = FreshJvmRun.run(arguments, RUN_TIMEOUT);
        if (summary.exitCode() != ExitStatus.OK.code()) {
            throw new IOException("veil run on " + clip.file() + " ended with status " + summary.exitCode());
        }
        FaceDetailJudge.Verdict v = FaceDetailJudge.judge(clip.file(), output, clip.truth());
        double fps = summary.framesPerSecondAfterStartUp();
        out.println("eval: veil run on " + clip.name() + (options.runs() == 1 ? "" : " (run " + round + " of "
                + options.runs() + ")") + ": " + MarkdownTable.share(v.from16().hidden(), v.from16().faces())
                + " of the faces >= 16 px hidden, " + MarkdownTable.decimal(fps, 1) + " fps"
                + summary.cpu().map(cpu -> "; " + cpu.line()).orElse(""));
        return new EndToEndRuns.Run(v, fps, summary.cpu());
    }

    /** "53.9 / 18.7 / 84.4": the parts the frame rate on two cores turns on, and the whole. */
    private static String cpuCell(FrameCpu cpu) {
        return MarkdownTable.decimal(cpu.of(CpuPart.DETECTOR), 1) + " / " + MarkdownTable.decimal(
                cpu.of(CpuPart.ENCODING), 1) + " / " + MarkdownTable.decimal(cpu.inAll(), 1);
    }

    private DetectorPace pace(Clip clip, String when) throws IOException {
        DetectorPace pace = DetectorPace.ofFirstPicture(clip.file());
        out.println("eval: the default detector's full search of " + clip.name() + "'s first frame, " + when
                + ": " + pace.describe());
        return pace;
    }

    private FaceDetector open(DetectorChoice choice) {
        InferenceConfig config = InferenceConfig.defaults().withModel(choice.model());
        config = config.withConfidence(choice.confidence().orElse(config.confidence()));
        return FaceDetectors.open(choice.scales().map(config::withYunetScales).orElse(config));
    }

    private FrameScore score(FrameTruth truth, List<Face> faces) {
        List<Box> boxes = new ArrayList<>(faces.size());
        for (Face f : faces) {
            boxes.add(Box.ofNormalized(f.xMin(), f.yMin(), f.xMax(), f.yMax(), truth.width(), truth.height()));
        }
        return scoring.score(truth, boxes);
    }

    /** Per detector: found and covered per face size, false positives per frame (and for clips, frames covered). */
    private static MarkdownTable bucketsTable(Map<String, ScoreSummary> byDetector, boolean clips) {
        List<String> header = new ArrayList<>(List.of("detector"));
        for (SizeBucket b : SizeBucket.values()) {
            header.add(b.label() + " px: found / covered");
        }
        header.add(">= 16 px covered");
        header.add("false positives per frame");
        if (clips) {
            header.add("frames with every face >= 16 covered");
        }
        MarkdownTable t = new MarkdownTable(header, List.of());
        for (Map.Entry<String, ScoreSummary> e : byDetector.entrySet()) {
            ScoreSummary s = e.getValue();
            List<String> row = new ArrayList<>(List.of(e.getKey()));
            for (SizeBucket b : SizeBucket.values()) {
                var c = s.bucket(b);
                row.add(c.faces() == 0 ? "-" : percent(c.found(), c.faces()) + " / " + percent(c.covered(), c.faces())
                        + " of " + c.faces());
            }
            row.add(MarkdownTable.share(s.from16().covered(), s.from16().faces()));
            row.add(MarkdownTable.decimal(s.falsePositivesPerFrame(), 2));
            if (clips) {
                row.add(MarkdownTable.share(s.framesAllFrom16Covered(), s.framesWithFaceFrom16()));
            }
            t = t.withRow(row);
        }
        return t;
    }

    private static String percent(int part, int whole) {
        return String.format(Locale.ROOT, "%.1f%%", 100.0 * part / whole);
    }

    private void heading(String text) {
        String line = (report.isEmpty() ? "# " : "\n## ") + text + "\n";
        report.append(line).append('\n');
        out.println();
        out.println(text);
    }

    private void paragraph(String text) {
        report.append(text).append("\n\n");
        out.println(text);
    }

    private void table(MarkdownTable table) {
        report.append(table.markdown()).append('\n');
        out.print(table.markdown());
    }
}
