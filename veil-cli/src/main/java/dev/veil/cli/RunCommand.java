package dev.veil.cli;

import dev.veil.config.ConfigException;
import dev.veil.config.SharedSettings;
import dev.veil.display.DisplayConfig;
import dev.veil.display.DisplayServer;
import dev.veil.display.StreamSnapshot;
import dev.veil.inference.FaceDetector;
import dev.veil.inference.FaceDetectors;
import dev.veil.inference.FaceInference;
import dev.veil.inference.InferenceConfig;
import dev.veil.resize.ResizeConfig;
import dev.veil.resize.FrameResizer;
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
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/** {@code veil run}: the four vertices and the display server in this process, with progress on the terminal. */
final class RunCommand {

    private static final int JPEG_QUALITY = SharedSettings.JPEG_QUALITY.defaultValue();
    private static final int BUFFER_FRAMES = 4;
    private static final double UNKNOWN_RATE_FPS = 30;

    private final RunOptions options;
    private final PrintStream out;
    private final PrintStream err;
    /** Where the sample is made and kept; null: the user's cache folder, found when the sample is needed. */
    private final Path sampleFolder;
    private final CountDownLatch started = new CountDownLatch(1);
    private final AtomicBoolean stoppedEarly = new AtomicBoolean();
    private volatile LocalPipeline running;
    private volatile AnonymizingSink runningSink;
    private volatile RunSummary summary;

    RunCommand(RunOptions options, PrintStream out, PrintStream err) {
        this(options, out, err, null);
    }

    /** @param sampleFolder where the sample is made and kept (tests); null: the user's cache folder */
    RunCommand(RunOptions options, PrintStream out, PrintStream err, Path sampleFolder) {
        this.options = options;
        this.out = out;
        this.err = err;
        this.sampleFolder = sampleFolder;
    }

    /**
     * What the last {@link #call()} did, measured at its end; null before it ended, or when it could not start.
     *
     * @param frames       frames through the sink
     * @param seconds      from the source's start to the last frame
     * @param faces        faces anonymized
     * @param failedClosed frames obscured whole because their faces were unknown
     * @param shown        the display's view of the stream at the end (latency over its last frames), or null
     * @param framesPerSecondAfterStartUp frames per second from the first frame out of the sink to the last
     * @param framesLostToDamage frames of the input lost to damage (skipped as damaged, or never decoded)
     * @param written      frames written to --output (0 without one)
     * @param exitStatus   what the command exits with
     */
    record RunSummary(long frames, double seconds, long faces, long failedClosed, StreamSnapshot shown,
                      double framesPerSecondAfterStartUp, long framesLostToDamage, long written,
                      ExitStatus exitStatus) {
    }

    /** Frames through the sink so far (0 before the pipeline runs). */
    long framesSoFar() {
        AnonymizingSink sink = runningSink;
        return sink == null ? 0 : sink.stats().frames();
    }

    RunSummary summary() {
        return summary;
    }

    /** Stops reading the input, as Ctrl-C does; what is in the pipeline still goes through. */
    void stop() throws InterruptedException {
        stoppedEarly.set(true);
        started.await();
        LocalPipeline pipeline = running;
        if (pipeline != null) {
            pipeline.stop();
        }
    }

    int call() {
        try {
            return run().code();
        } catch (ConfigException e) {
            err.println("veil run: " + e.getMessage());
            return ExitStatus.USAGE.code();
        } catch (IOException e) {
            err.println("veil run: " + e.getMessage());
            return ExitStatus.FAILED.code();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return ExitStatus.INTERRUPTED.code();
        } finally {
            started.countDown();
        }
    }

    private ExitStatus run() throws IOException, InterruptedException {
        // What can be checked before the detector loads and decoding starts is checked first.
        Optional<String> outputProblem = options.output().map(OutputTarget::problem);
        if (outputProblem.isPresent()) {
            err.println("veil run: " + outputProblem.get());
            return ExitStatus.USAGE;
        }
        if (ViewerPort.inUse(options.port())) {
            err.println(ViewerPort.inUseMessage(options.port()));
            return ExitStatus.USAGE;
        }
        String input = options.input().orElse(null);
        boolean sample = input == null;
        if (sample) {
            Path folder = sampleFolder != null ? sampleFolder : CacheFolder.forThisUser(err);
            Path made = SampleVideo.builtIn(folder);
            out.println("No --input given: playing Veil's sample video " + made + " again and again until Ctrl-C");
            input = made.toString();
        }
        InputProbe probe = SourceConfig.isUrl(input) ? InputProbe.UNKNOWN : InputProbe.of(input);
        if (!probe.hasVideo()) {
            err.println("veil run: " + input + " has no video stream" + (probe.hasAudio() ? " (only audio)" : "")
                    + ": there is no picture to anonymize");
            return ExitStatus.FAILED;
        }
        Optional<String> sizeProblem = options.output().flatMap(o -> outputSizeProblem(probe, o));
        if (sizeProblem.isPresent()) {
            err.println("veil run: " + sizeProblem.get());
            return ExitStatus.FAILED;
        }
        boolean loop = options.loop() || sample;
        // Half the cores for the detector: the other stages (decoding, anonymizing, H.264 encoding) run beside it,
        // and on two cores a detector on both finishes each frame sooner but gets through fewer (docs/benchmarks.md).
        InferenceConfig detection = new InferenceConfig(options.model().orElse(InferenceConfig.defaults().model()),
                options.confidence(), InferenceConfig.DEFAULT_NMS_IOU, InferenceConfig.DEFAULT_INPUT_SIZE)
                .withCpuThreads(Math.max(1, Runtime.getRuntime().availableProcessors() / 2));
        SourceConfig sourceConfig = new SourceConfig(input, SourceConfig.streamIdFor(input), options.pacing(),
                loop ? SourceConfig.AtEnd.LOOP : SourceConfig.AtEnd.STOP, JPEG_QUALITY,
                SourceConfig.RtspTransport.TCP, 8)
                // The picture is scaled into the display box while it is decoded: a 4K input never travels as 4K.
                .withMaxFrameSize(Optional.of(new FrameSizeLimit(options.width(), options.height())));
        String token = HexFormat.of().formatHex(new SecureRandom().generateSeed(16));
        Optional<Path> videoOnly = options.output().map(RunCommand::videoOnlyFileFor);

        try (FaceDetector detector = FaceDetectors.open(detection);
             DisplayServer display = new DisplayServer(new DisplayConfig("127.0.0.1", options.port(), Optional.of(token),
                     DisplayConfig.DEFAULT_MAX_FRAME_BYTES)).start()) {
            SinkConfig sinkConfig = new SinkConfig(URI.create("http://127.0.0.1:" + display.port()), Optional.of(token),
                    AnonymizerConfig.of(options.mode(), options.showFaces()), FailurePolicy.BLUR_WHOLE_FRAME,
                    JPEG_QUALITY, SinkConfig.DEFAULT_POST_TIMEOUT, videoOnly,
                    probe.frameRate() > 0 ? probe.frameRate() : UNKNOWN_RATE_FPS, Optional.empty(),
                    SinkConfig.DEFAULT_SEGMENT_LENGTH);
            // The stages run on decoded pictures, and the display server is in this process: no JPEG, protobuf or HTTP
            // between them, and a JPEG only for a viewer who watches.
            AnonymizingSink sink = new AnonymizingSink(sinkConfig,
                    new InProcessDisplay(display, options.mode(), JPEG_QUALITY));
            VideoSource source = VideoSource.ofPictures(sourceConfig);
            FaceInference inference = new FaceInference(detector, InferenceConfig.DEFAULT_BATCH_SIZE, Duration.ZERO,
                    () -> { }, options.tracking());
            LocalPipeline pipeline = new LocalPipeline(source,
                    List.of(new FrameResizer(new ResizeConfig(options.width(), options.height(), JPEG_QUALITY, false)),
                            inference),
                    sink, BUFFER_FRAMES);

            out.println("Input:    " + sourceConfig.inputForLogs());
            int every = options.tracking().detectEvery();
            out.println("Detector: " + detector.describe() + ", confidence " + options.confidence()
                    + (every > 1 ? ", on every " + ordinal(every) + " frame (faces carried between, unless the picture"
                    + " changes)" : ", on every frame") + ", faces held " + options.tracking().holdFrames() + " frames");
            out.println("Viewer:   http://localhost:" + display.port() + "/view/" + sourceConfig.streamId());
            options.output().ifPresent(o -> out.println("Output:   " + o));
            if (!options.mode().hidesFaces()) {
                out.println("WARNING:  faces are NOT hidden (--mode boxes, for debugging only)");
            }
            out.println("Press Ctrl-C to stop.");

            CountDownLatch finalized = new CountDownLatch(1);
            Thread onCtrlC = new Thread(() -> {
                stoppedEarly.set(true);
                pipeline.stop();
                try {
                    finalized.await(30, TimeUnit.SECONDS); // let the output file be finished
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "veil-stop");
            Runtime.getRuntime().addShutdownHook(onCtrlC);

            long startedNanos = System.nanoTime();
            sink.start();
            source.start();
            pipeline.start();
            running = pipeline;
            runningSink = sink;
            started.countDown();
            RunProgress progress = new RunProgress(out, loop ? 0 : probe.frames(), startedNanos);
            while (!pipeline.await(Duration.ofSeconds(1))) {
                progress.print(source.stats(), sink.stats(), snapshot(display, sourceConfig.streamId()));
            }
            source.close();
            pipeline.discardLeftovers();
            inference.close();
            sink.close();
            double seconds = (System.nanoTime() - startedNanos) / 1e9;
            SourceStats read = source.stats();
            SinkStats totals = sink.stats();
            progress.finish(read, totals, seconds, stoppedEarly.get());
            try {
                ExitStatus status = outcome(pipeline, read, totals, input, sourceConfig.inputForLogs(), videoOnly,
                        probe);
                summary = new RunSummary(totals.frames(), seconds, totals.faces(), totals.failedClosed(),
                        snapshot(display, sourceConfig.streamId()), totals.framesPerSecondAfterFirst(),
                        read.framesLostToDamage(), totals.written(), status);
                return status;
            } finally {
                finalized.countDown();
                try {
                    Runtime.getRuntime().removeShutdownHook(onCtrlC);
                } catch (IllegalStateException alreadyShuttingDown) {
                    // Ctrl-C: the hook is running and waits for `finalized`
                }
            }
        } catch (RuntimeException e) {
            // The port was free when checked, and taken before the display server bound it.
            if (ViewerPort.isBindFailure(e)) {
                err.println(ViewerPort.inUseMessage(options.port()));
                return ExitStatus.USAGE;
            }
            throw e;
        }
    }

    /**
     * The run's exit status, said in one line on stderr when it is not OK; moves the output file into place when
     * there is one to keep.
     */
    private ExitStatus outcome(LocalPipeline pipeline, SourceStats read, SinkStats totals, String input,
                               String inputForLogs, Optional<Path> videoOnly, InputProbe probe) throws IOException {
        if (pipeline.failure() != null) {
            err.println("veil run: stopped because a vertex failed: " + pipeline.failure());
            discard(videoOnly);
            return ExitStatus.FAILED;
        }
        if (totals.frames() == 0) {
            String why = read.streams().stream().flatMap(s -> s.lastProblem().stream()).findFirst()
                    .orElse("it gave no picture");
            err.println("veil run: no frame came out of " + inputForLogs + ": " + why);
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
            finishOutput(videoOnly.get(), output, input, probe);
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
            err.println("veil run: finished, but the input is damaged: " + lostToDamage(read) + " (exit status "
                    + ExitStatus.DAMAGED_INPUT.code() + ")");
            return ExitStatus.DAMAGED_INPUT;
        }
        return ExitStatus.OK;
    }

    /** How many frames damage cost, in words. */
    static String lostToDamage(SourceStats read) {
        long lost = read.framesLostToDamage();
        return lost > 0 ? lost + " of its frames lost" : "an unknown number of its frames lost (its end could not"
                + " be read)";
    }

    /** An MP4 output needs pictures of 2x2 at least, after they are fitted into the display box. */
    private Optional<String> outputSizeProblem(InputProbe probe, Path output) {
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
    private void finishOutput(Path videoOnly, Path output, String input, InputProbe probe) throws IOException {
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

    private static StreamSnapshot snapshot(DisplayServer display, String stream) {
        return display.streamSnapshots().streams().stream().filter(s -> s.stream().equals(stream)).findFirst().orElse(null);
    }
}
