package dev.veil.run;

import dev.veil.config.ConfigException;
import dev.veil.config.SharedSettings;
import dev.veil.display.DisplayConfig;
import dev.veil.display.DisplayServer;
import dev.veil.display.StreamSnapshot;
import dev.veil.inference.FaceDetectors;
import dev.veil.inference.FaceInference;
import dev.veil.inference.InferenceConfig;
import dev.veil.inference.detect.FaceDetector;
import dev.veil.resize.FrameResizer;
import dev.veil.resize.ResizeConfig;
import dev.veil.sink.AnonymizerConfig;
import dev.veil.sink.AnonymizingSink;
import dev.veil.sink.FailurePolicy;
import dev.veil.sink.InProcessDisplay;
import dev.veil.sink.SinkConfig;
import dev.veil.sink.SinkStats;
import dev.veil.source.FrameSizeLimit;
import dev.veil.source.SourceConfig;
import dev.veil.source.SourceStats;
import dev.veil.source.VideoSource;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.bytedeco.opencv.global.opencv_core;

/**
 * One {@code veil run}: the four vertices and the display server in this process. {@link #start} checks what can be
 * checked before anything is decoded, opens the detector and the viewer and starts the stages; then the run can be
 * watched ({@link #framesSoFar}), stopped as Ctrl-C stops it ({@link #stop}) and waited for ({@link #await}), which
 * finishes the output and sums the run up. The terminal's {@code veil run} and the benchmark drive it alike.
 */
public final class LocalRun {

    private static final int JPEG_QUALITY = SharedSettings.JPEG_QUALITY.defaultValue();
    private static final int BUFFER_FRAMES = 4;
    private static final Duration CPU_SAMPLE_INTERVAL = Duration.ofMillis(250);
    /** A status line a second. */
    private static final int SAMPLES_PER_STATUS_LINE = 4;
    private static final double UNKNOWN_RATE_FPS = 30;

    private final RunOptions options;
    private final PrintStream out;
    private final PrintStream err;
    private final String input;
    private final InputProbe probe;
    private final SourceConfig sourceConfig;
    /** Where the MP4 is written until it is finished (then moved to --output, with the input's audio). */
    private final Optional<Path> videoOnly;
    private final FaceDetector detector;
    private final DisplayServer display;
    private final VideoSource source;
    private final FaceInference inference;
    private final AnonymizingSink sink;
    private final LocalPipeline pipeline;
    private final RunProgress progress;
    private final long startedNanos;
    private final AtomicBoolean stoppedEarly = new AtomicBoolean();
    private final CpuByPart cpu;

    private LocalRun(RunOptions options, PrintStream out, PrintStream err, String input, InputProbe probe,
                     SourceConfig sourceConfig, Optional<Path> videoOnly, FaceDetector detector, DisplayServer display,
                     VideoSource source, FaceInference inference, AnonymizingSink sink, LocalPipeline pipeline,
                     RunProgress progress, CpuByPart cpu, long startedNanos) {
        this.options = options;
        this.out = out;
        this.err = err;
        this.input = input;
        this.probe = probe;
        this.sourceConfig = sourceConfig;
        this.videoOnly = videoOnly;
        this.detector = detector;
        this.display = display;
        this.source = source;
        this.inference = inference;
        this.sink = sink;
        this.pipeline = pipeline;
        this.progress = progress;
        this.cpu = cpu;
        this.startedNanos = startedNanos;
    }

    /**
     * Starts a run: its banner (input, detector, viewer's address) goes to {@code out}, and from then on a status line
     * a second while someone {@link #await awaits} it.
     *
     * @throws RunNotStarted when the options, the input, the output or the port cannot be used; nothing is left open
     */
    public static LocalRun start(RunOptions options, PrintStream out, PrintStream err) throws RunNotStarted {
        return start(options, out, err, null);
    }

    /** @param sampleFolder where the sample is made and kept (tests); null: the user's cache folder */
    static LocalRun start(RunOptions options, PrintStream out, PrintStream err, Path sampleFolder)
            throws RunNotStarted {
        try {
            return open(options, out, err, sampleFolder);
        } catch (ConfigException e) {
            throw new RunNotStarted(ExitStatus.USAGE, e.getMessage(), e);
        } catch (IOException e) {
            throw new RunNotStarted(ExitStatus.FAILED, e.getMessage(), e);
        }
    }

    /**
     * On two cores or fewer, OpenCV does its work on the calling stage's thread alone. The stages, each on a thread of
     * its own, already keep both cores busy, and OpenCV splitting a blur or a resize across its own worker threads
     * then only adds hand-offs (the crowd's 3 s clip took 5-15% less CPU without them, docs/benchmarks.md). With more
     * cores its workers may use what the stages leave.
     */
    static void shareCoresWithStages(int cores) {
        if (cores <= 2) {
            opencv_core.setNumThreads(1);
        }
    }

    private static LocalRun open(RunOptions options, PrintStream out, PrintStream err, Path sampleFolder)
            throws RunNotStarted, IOException {
        // What can be checked before the detector loads and decoding starts is checked first.
        Optional<String> outputProblem = options.output().map(OutputTarget::problem);
        if (outputProblem.isPresent()) {
            throw new RunNotStarted(ExitStatus.USAGE, outputProblem.get());
        }
        Optional<String> encoderProblem = options.output()
                .flatMap(o -> options.h264Encoder().whyUnavailable(RunOptions.H264_ENCODER.flag()));
        if (encoderProblem.isPresent()) {
            throw new RunNotStarted(ExitStatus.USAGE, encoderProblem.get());
        }
        if (ViewerPort.inUse(options.port())) {
            throw new RunNotStarted(ExitStatus.USAGE, ViewerPort.inUseMessage(options.port()));
        }
        String input = options.input().orElse(null);
        boolean sample = input == null;
        if (sample) {
            Path folder = sampleFolder != null ? sampleFolder : CacheFolder.forThisUser(err);
            Path made = SampleVideo.builtIn(folder);
            out.println("No --input given: playing Veil's sample video " + made + " again and again until Ctrl-C");
            input = made.toString();
        }
        shareCoresWithStages(Runtime.getRuntime().availableProcessors());
        InputProbe probe = SourceConfig.isUrl(input) ? InputProbe.UNKNOWN : InputProbe.of(input);
        if (!probe.hasVideo()) {
            throw new RunNotStarted(ExitStatus.FAILED, input + " has no video stream"
                    + (probe.hasAudio() ? " (only audio)" : "") + ": there is no picture to anonymize");
        }
        Optional<String> sizeProblem = options.output().flatMap(o -> outputSizeProblem(options, probe, o));
        if (sizeProblem.isPresent()) {
            throw new RunNotStarted(ExitStatus.FAILED, sizeProblem.get());
        }
        boolean loop = options.loop() || sample;
        // Every core for the detector: its thread is the pipeline's slowest, and its workers sleep rather than spin,
        // so they take only what decoding, anonymizing and encoding leave (on two cores 0-19% more frames a second
        // than with one thread, docs/benchmarks.md).
        InferenceConfig detection = new InferenceConfig(options.model().orElse(InferenceConfig.defaults().model()),
                options.confidence(), InferenceConfig.DEFAULT_NMS_IOU, InferenceConfig.DEFAULT_INPUT_SIZE)
                .withCpuThreads(Runtime.getRuntime().availableProcessors())
                .withYunetScales(options.yunetScales());
        SourceConfig sourceConfig = new SourceConfig(input, SourceConfig.streamIdFor(input), options.pacing(),
                loop ? SourceConfig.AtEnd.LOOP : SourceConfig.AtEnd.STOP, JPEG_QUALITY,
                SourceConfig.RtspTransport.TCP, 8)
                // The picture is scaled into the display box while it is decoded: a 4K input never travels as 4K.
                .withMaxFrameSize(Optional.of(new FrameSizeLimit(options.width(), options.height())));
        String token = HexFormat.of().formatHex(new SecureRandom().generateSeed(16));
        Optional<Path> videoOnly = options.output().map(LocalRun::videoOnlyFileFor);

        FaceDetector detector = FaceDetectors.open(detection);
        DisplayServer display = null;
        boolean started = false;
        try {
            try {
                display = new DisplayServer(new DisplayConfig("127.0.0.1", options.port(), Optional.of(token),
                        DisplayConfig.DEFAULT_MAX_FRAME_BYTES)).start();
            } catch (RuntimeException e) {
                // The port was free when checked, and taken before the display server bound it.
                if (ViewerPort.isBindFailure(e)) {
                    throw new RunNotStarted(ExitStatus.USAGE, ViewerPort.inUseMessage(options.port()), e);
                }
                throw e;
            }
            SinkConfig sinkConfig = new SinkConfig(URI.create("http://127.0.0.1:" + display.port()), Optional.of(token),
                    AnonymizerConfig.of(options.mode(), options.showFaces()), FailurePolicy.BLUR_WHOLE_FRAME,
                    JPEG_QUALITY, SinkConfig.DEFAULT_POST_TIMEOUT, videoOnly,
                    probe.frameRate() > 0 ? probe.frameRate() : UNKNOWN_RATE_FPS, Optional.empty(),
                    SinkConfig.DEFAULT_SEGMENT_LENGTH, options.h264Encoder());
            // The stages run on decoded pictures, and the display server is in this process: no JPEG, protobuf or HTTP
            // between them, and a JPEG only for a viewer who watches.
            AnonymizingSink sink = new AnonymizingSink(sinkConfig,
                    new InProcessDisplay(display, options.mode(), JPEG_QUALITY));
            VideoSource source = VideoSource.ofPictures(sourceConfig);
            FaceInference inference = new FaceInference(detector, InferenceConfig.DEFAULT_BATCH_SIZE, Duration.ZERO,
                    options.tracking());
            LocalPipeline pipeline = new LocalPipeline(source,
                    List.of(new FrameResizer(new ResizeConfig(options.width(), options.height(), JPEG_QUALITY, false)),
                            inference),
                    sink, BUFFER_FRAMES);

            out.println("Input:    " + sourceConfig.inputForLogs());
            int every = options.tracking().detectEvery();
            int full = options.tracking().fullSearchEvery();
            out.println("Detector: " + detector.describe() + ", confidence " + options.confidence()
                    + (every > 1 ? ", on every " + ordinal(every) + " frame (faces carried between, unless the picture"
                    + " changes)" : ", on every frame")
                    + (full > 1 && detector.hasCoarseSearch() ? ", every " + ordinal(full) + " frame in full and the"
                    + " others at the smaller scales only" : "")
                    + ", faces held " + options.tracking().holdFrames() + " frames");
            out.println("Viewer:   http://localhost:" + display.port() + "/view/" + sourceConfig.streamId());
            options.output().ifPresent(o -> out.println("Output:   " + o));
            if (!options.mode().hidesFaces()) {
                out.println("WARNING:  faces are NOT hidden (--mode boxes, for debugging only)");
            }
            out.println("Press Ctrl-C to stop.");

            CpuByPart cpu = CpuByPart.ofThisProcess();
            cpu.startHere();
            long startedNanos = System.nanoTime();
            sink.start();
            source.start();
            pipeline.start();
            started = true;
            return new LocalRun(options, out, err, input, probe, sourceConfig, videoOnly, detector, display, source,
                    inference, sink, pipeline,
                    new RunProgress(out, loop ? 0 : probe.frames(), probe.frameRate(), startedNanos), cpu,
                    startedNanos);
        } finally {
            if (!started) {
                if (display != null) {
                    display.close();
                }
                detector.close();
            }
        }
    }

    /** Frames through the sink so far. */
    public long framesSoFar() {
        return sink.stats().frames();
    }

    /** Stops reading the input, as Ctrl-C does; what is in the pipeline still goes through. */
    public void stop() {
        stoppedEarly.set(true);
        pipeline.stop();
    }

    /**
     * Waits for the end of the run (the end of the input, a {@link #stop}, or a stage's failure), printing a status
     * line a second; then closes the stages, the detector and the viewer, moves the output into place and says
     * what the run did. Called once.
     *
     * @throws IOException when the output could not be moved into place
     */
    public RunSummary await() throws IOException, InterruptedException {
        try {
            // The threads' CPU four times a second: a thread's count goes with it when it ends (the decoder's at the
            // end of the input, each stage's as the last frame passes), and what no sample saw lands under "other".
            long ticks = 0;
            while (!pipeline.await(CPU_SAMPLE_INTERVAL)) {
                cpu.sample();
                if (++ticks % SAMPLES_PER_STATUS_LINE == 0) {
                    progress.print(source.stats(), sink.stats(), snapshot());
                }
            }
            cpu.sample();
            source.close();
            pipeline.discardLeftovers();
            inference.close();
            sink.close();
            cpu.sample();
            double seconds = (System.nanoTime() - startedNanos) / 1e9;
            SourceStats read = source.stats();
            SinkStats totals = sink.stats();
            Optional<FrameCpu> perFrame = cpu.perFrame(totals.frames(), Runtime.getRuntime().availableProcessors());
            progress.finish(read, totals, seconds, stoppedEarly.get(), perFrame.map(FrameCpu::line));
            ExitStatus status = outcome(read, totals);
            return new RunSummary(totals.frames(), seconds, totals.faces(), totals.failedClosed(), snapshot(),
                    totals.framesPerSecondAfterFirst(), read.framesLostToDamage(), totals.written(), status, perFrame);
        } finally {
            display.close();
            detector.close();
        }
    }

    /**
     * The run's exit status, said in one line on stderr when it is not OK; moves the output file into place when
     * there is one to keep.
     */
    private ExitStatus outcome(SourceStats read, SinkStats totals) throws IOException {
        if (pipeline.failure() != null) {
            err.println("veil run: stopped because a vertex failed: " + pipeline.failure());
            discard(videoOnly);
            return ExitStatus.FAILED;
        }
        if (totals.frames() == 0) {
            String why = read.streams().stream().flatMap(s -> s.lastProblem().stream()).findFirst()
                    .orElse("it gave no picture");
            err.println("veil run: no frame came out of " + sourceConfig.inputForLogs() + ": " + why);
            discard(videoOnly);
            return ExitStatus.FAILED;
        }
        if (videoOnly.isPresent()) {
            Path output = options.output().get();
            if (totals.written() == 0) {
                err.println("veil run: no frame was written, so there is no " + output + " (the reason is in the"
                        + " warning above)");
                discard(videoOnly);
                return ExitStatus.FAILED;
            }
            finishOutput(videoOnly.get(), output);
            if (totals.archiveErrors() > 0) {
                err.println("veil run: " + totals.archiveErrors() + " frames could not be written to " + output
                        + ", which lacks them (the reason is in the warning above)");
                return ExitStatus.FAILED;
            }
        }
        if (pipeline.notShown() > 0) {
            err.println("veil run: " + pipeline.notShown() + " frames were refused by the display");
            return ExitStatus.FAILED;
        }
        if (read.decodeErrors() > 0 || read.framesLostToDamage() > 0) {
            err.println("veil run: finished, but the input is damaged: " + RunProgress.lostToDamage(read)
                    + " (exit status " + ExitStatus.DAMAGED_INPUT.code() + ")");
            return ExitStatus.DAMAGED_INPUT;
        }
        return ExitStatus.OK;
    }

    /** An MP4 output needs pictures of 2x2 at least, after they are fitted into the display box. */
    private static Optional<String> outputSizeProblem(RunOptions options, InputProbe probe, Path output) {
        if (probe.width() <= 0 || probe.height() <= 0) {
            return Optional.empty();
        }
        FrameSizeLimit.Size fitted = new FrameSizeLimit(options.width(), options.height())
                .fit(probe.width(), probe.height());
        if (fitted.width() >= 2 && fitted.height() >= 2) {
            return Optional.empty();
        }
        return Optional.of("cannot write --output " + output + ": the input's pictures are " + probe.width() + "x"
                + probe.height() + ", too small for H.264 (2x2 at least)");
    }

    private static void discard(Optional<Path> videoOnly) throws IOException {
        if (videoOnly.isPresent()) {
            Files.deleteIfExists(videoOnly.get());
        }
    }

    /** Moves the anonymized video into place, with the input's audio when it has some. */
    private void finishOutput(Path videoOnly, Path output) throws IOException {
        if (probe.hasAudio()) {
            Path muxed = videoOnly.resolveSibling(videoOnly.getFileName() + ".audio.mp4");
            AudioMuxer.Outcome outcome = AudioMuxer.mux(videoOnly, Path.of(input), muxed);
            if (outcome == AudioMuxer.Outcome.COPIED) {
                Files.move(muxed, output, StandardCopyOption.REPLACE_EXISTING);
                Files.delete(videoOnly);
                out.println("Wrote " + output + " (anonymized video, the input's audio)");
                return;
            }
            Files.deleteIfExists(muxed);
            err.println("veil run: the input's audio cannot go into an MP4 as it is, so " + output + " has no audio");
        } else if (SourceConfig.isUrl(input)) {
            out.println("(audio is not kept for live streams)");
        }
        Files.move(videoOnly, output, StandardCopyOption.REPLACE_EXISTING);
        out.println("Wrote " + output + " (anonymized video)");
    }

    private static String ordinal(int n) {
        return n + (n == 2 ? "nd" : n == 3 ? "rd" : "th");
    }

    private static Path videoOnlyFileFor(Path output) {
        Path dir = output.toAbsolutePath().getParent();
        return dir.resolve("." + output.getFileName() + ".video-only.mp4");
    }

    /** The display's view of this run's stream (latency over its last frames), or null before its first frame. */
    private StreamSnapshot snapshot() {
        return display.streamSnapshots().streams().stream().filter(s -> s.stream().equals(sourceConfig.streamId()))
                .findFirst().orElse(null);
    }
}
