package dev.veil.cli;

import dev.veil.config.ConfigException;
import dev.veil.display.DisplayConfig;
import dev.veil.display.DisplayServer;
import dev.veil.display.StreamSnapshot;
import dev.veil.inference.FaceDetector;
import dev.veil.inference.FaceDetectors;
import dev.veil.inference.FaceInference;
import dev.veil.inference.InferenceConfig;
import dev.veil.resize.ResizeConfig;
import dev.veil.resize.ResizeMapper;
import dev.veil.sink.AnonymizerConfig;
import dev.veil.sink.DisplaySink;
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

    private static final int JPEG_QUALITY = 90;
    private static final int BUFFER_FRAMES = 4;
    private static final double UNKNOWN_RATE_FPS = 30;

    private final RunOptions options;
    private final PrintStream out;
    private final PrintStream err;
    private final CountDownLatch started = new CountDownLatch(1);
    private volatile LocalPipeline running;
    private volatile DisplaySink runningSink;
    private volatile RunSummary summary;

    RunCommand(RunOptions options, PrintStream out, PrintStream err) {
        this.options = options;
        this.out = out;
        this.err = err;
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
     */
    record RunSummary(long frames, double seconds, long faces, long failedClosed, StreamSnapshot shown,
                      double framesPerSecondAfterStartUp) {
    }

    /** Frames through the sink so far (0 before the pipeline runs). */
    long framesSoFar() {
        DisplaySink sink = runningSink;
        return sink == null ? 0 : sink.stats().frames();
    }

    RunSummary summary() {
        return summary;
    }

    /** Stops reading the input, as Ctrl-C does; what is in the pipeline still goes through. */
    void stop() throws InterruptedException {
        started.await();
        LocalPipeline pipeline = running;
        if (pipeline != null) {
            pipeline.stop();
        }
    }

    int call() {
        try {
            return run();
        } catch (ConfigException e) {
            err.println("veil run: " + e.getMessage());
            return 2;
        } catch (IOException e) {
            err.println("veil run: " + e.getMessage());
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 130;
        } finally {
            started.countDown();
        }
    }

    private int run() throws IOException, InterruptedException {
        String input = options.input().orElse(null);
        if (input == null) {
            Path sample = SampleVideo.builtIn(Path.of(System.getProperty("java.io.tmpdir"), "veil"));
            out.println("No --input given: playing Veil's sample video " + sample);
            input = sample.toString();
        }
        InputProbe probe = SourceConfig.isUrl(input) ? InputProbe.UNKNOWN : InputProbe.of(input);
        // Half the cores for the detector: the other stages (decoding, anonymizing, H.264 encoding) run beside it,
        // and on two cores a detector on both finishes each frame sooner but gets through fewer (docs/benchmarks.md).
        InferenceConfig detection = new InferenceConfig(options.model().orElse(InferenceConfig.defaults().model()),
                options.confidence(), InferenceConfig.DEFAULT_NMS_IOU, InferenceConfig.DEFAULT_INPUT_SIZE)
                .withCpuThreads(Math.max(1, Runtime.getRuntime().availableProcessors() / 2));
        SourceConfig sourceConfig = new SourceConfig(input, SourceConfig.streamIdFor(input), options.pacing(),
                options.loop() ? SourceConfig.AtEnd.LOOP : SourceConfig.AtEnd.STOP, JPEG_QUALITY,
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
            // The display server is in this process: frames reach it as objects, not over loopback HTTP.
            DisplaySink sink = new DisplaySink(sinkConfig, new InProcessDisplay(display, options.mode()));
            VideoSource source = new VideoSource(sourceConfig);
            FaceInference inference = new FaceInference(detector, InferenceConfig.DEFAULT_BATCH_SIZE, Duration.ZERO,
                    () -> { }, options.tracking());
            LocalPipeline pipeline = new LocalPipeline(source,
                    List.of(new ResizeMapper(new ResizeConfig(options.width(), options.height(), JPEG_QUALITY, false)),
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
            AtomicBoolean stoppedEarly = new AtomicBoolean();
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
            source.start();
            pipeline.start();
            running = pipeline;
            runningSink = sink;
            started.countDown();
            Progress progress = new Progress(out, probe.frames(), startedNanos);
            while (!pipeline.await(Duration.ofSeconds(1))) {
                progress.print(source.stats(), sink.stats(), snapshot(display, sourceConfig.streamId()));
            }
            source.close();
            sink.close();
            double seconds = (System.nanoTime() - startedNanos) / 1e9;
            progress.finish(source.stats(), sink.stats(), seconds, stoppedEarly.get());
            SinkStats totals = sink.stats();
            summary = new RunSummary(totals.frames(), seconds, totals.faces(), totals.failedClosed(),
                    snapshot(display, sourceConfig.streamId()), totals.framesPerSecondAfterFirst());
            try {
                if (pipeline.failure() != null) {
                    err.println("veil run: stopped because a vertex failed: " + pipeline.failure());
                    return 1;
                }
                if (videoOnly.isPresent()) {
                    finishOutput(videoOnly.get(), options.output().get(), input, probe);
                }
                return pipeline.lost() > 0 ? 1 : 0;
            } finally {
                finalized.countDown();
                try {
                    Runtime.getRuntime().removeShutdownHook(onCtrlC);
                } catch (IllegalStateException alreadyShuttingDown) {
                    // Ctrl-C: the hook is running and waits for `finalized`
                }
            }
        }
    }

    /** Moves the anonymized video into place, with the input's audio when it has some. */
    private void finishOutput(Path videoOnly, Path output, String input, InputProbe probe) throws IOException {
        if (!Files.isRegularFile(videoOnly)) {
            err.println("veil run: no frame was written, so there is no " + output);
            return;
        }
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

    /** One line a second while running, then a summary. */
    private static final class Progress {
        private final PrintStream out;
        private final long declaredFrames;

        private final long startedNanos;

        Progress(PrintStream out, long declaredFrames, long startedNanos) {
            this.out = out;
            this.declaredFrames = declaredFrames;
            this.startedNanos = startedNanos;
        }

        void print(SourceStats source, SinkStats sink, StreamSnapshot shown) {
            StringBuilder line = new StringBuilder("frames ").append(sink.frames());
            if (declaredFrames > 0) {
                line.append('/').append(declaredFrames);
            }
            if (shown != null) {
                line.append(String.format("  %.1f fps", shown.fps()));
                line.append(String.format("  faces %.1f/frame", shown.facesPerFrame()));
                if (shown.latency() != null) {
                    line.append(String.format("  latency p50 %.0f ms p99 %.0f ms", shown.latency().p50Millis(),
                            shown.latency().p99Millis()));
                }
            }
            line.append("  faces found ").append(sink.faces());
            if (shown != null && shown.framesCarried() > 0) {
                line.append(String.format("  carried %.0f%%", 100.0 * shown.framesCarried() / Math.max(1, shown.framesReceived())));
            }
            if (sink.failedClosed() > 0) {
                line.append("  failed closed ").append(sink.failedClosed());
            }
            if (source.readErrors() > 0) {
                line.append("  input errors ").append(source.readErrors());
            }
            out.println(line);
        }

        void finish(SourceStats source, SinkStats sink, double seconds, boolean stoppedEarly) {
            double startUp = sink.firstNanos() == 0 ? seconds : (sink.firstNanos() - startedNanos) / 1e9;
            out.printf(java.util.Locale.ROOT, "%s: %d frames in %.1f s, %.1f fps after start-up (the first frame was out"
                            + " %.1f s after the start), %d faces anonymized, %d frames failed closed%n",
                    stoppedEarly ? "Stopped" : "Done", sink.frames(), seconds, sink.framesPerSecondAfterFirst(), startUp,
                    sink.faces(), sink.failedClosed());
            if (source.readErrors() > 0) {
                out.println("The input had " + source.readErrors() + " read error(s); see the log above.");
            }
        }
    }
}
