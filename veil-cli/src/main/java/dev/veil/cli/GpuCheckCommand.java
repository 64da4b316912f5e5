package dev.veil.cli;

import static org.bytedeco.opencv.global.opencv_imgcodecs.imread;

import dev.veil.config.ConfigException;
import dev.veil.inference.BuiltinModel;
import dev.veil.inference.Device;
import dev.veil.inference.FaceDetectors;
import dev.veil.inference.InferenceConfig;
import dev.veil.inference.detect.Face;
import dev.veil.inference.detect.FaceDetector;
import dev.veil.inference.detect.Tiling;
import dev.veil.inference.detect.TilingMode;
import dev.veil.inference.gpu.CudaLibraries;
import dev.veil.inference.gpu.GpuEnvironment;
import dev.veil.inference.gpu.GpuProbe;
import dev.veil.inference.network.CpuRuntime;
import dev.veil.inference.opencv.OpenCvCuda;
import dev.veil.inference.yolo.YoloFormat;
import dev.veil.run.ExitStatus;
import dev.veil.run.UsageException;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * {@code veil gpu-check}: whether faces are detected on this machine's GPU, and as the CPU detects them. Nothing of
 * CUDA is touched before the files say there is a GPU and its libraries; then they are loaded by path (they may lie
 * in a Python environment the loader does not search) before OpenCV's natives, which link against them. The report
 * goes to standard output, one line per fact, for docs/benchmarks.md; the vertex's own log lines (a runtime passed
 * over, and why) go to standard error.
 */
final class GpuCheckCommand {

    /** Pictures of the photos' faces compared at this overlap at least. */
    static final double MIN_IOU = 0.9;
    /** A face this close to the threshold may fall on either side of it in FP16; it is listed, not failed. */
    static final double SCORE_MARGIN = 0.05;
    private static final int[][] SIZES = {{1280, 720}, {1920, 1080}};
    private static final int[] BATCHES = {1, 4, 16};
    private static final Duration TIMING_BUDGET = Duration.ofSeconds(2);
    private static final int TIMED_CALLS = 5;
    private static final double CLIP_FPS = 30;

    private final GpuCheckOptions options;
    private final PrintStream out;
    private final PrintStream err;

    GpuCheckCommand(GpuCheckOptions options, PrintStream out, PrintStream err) {
        this.options = options;
        this.out = out;
        this.err = err;
    }

    /** Parses the flags and runs the check: 0 when the GPU's faces are the CPU's, 1 when not or no GPU, 2 usage. */
    static int run(String[] args, PrintStream out, PrintStream err) {
        if (List.of(args).contains("--help")) {
            out.print(GpuCheckOptions.USAGE);
            return ExitStatus.OK.code();
        }
        GpuCheckOptions options;
        try {
            options = GpuCheckOptions.parse(args);
        } catch (UsageException e) {
            err.println("veil gpu-check: " + e.getMessage() + "\n");
            err.print(GpuCheckOptions.USAGE);
            return ExitStatus.USAGE.code();
        }
        return new GpuCheckCommand(options, out, err).call();
    }

    int call() {
        if (options.dryRun()) {
            return dryRun();
        }
        GpuProbe gpu = GpuProbe.probe();
        if (!gpu.present()) {
            err.println("veil gpu-check: no GPU here (" + gpu.missing() + ")");
            return ExitStatus.FAILED.code();
        }
        CudaLibraries libraries = CudaLibraries.find(CudaLibrarySearch.folders(options.cudaLibs()));
        try {
            libraries.preload(CudaLibraries.OPENCV_CUDA);
        } catch (IllegalStateException e) {
            err.println("veil gpu-check: a GPU is here but CUDA's libraries are not usable: " + e.getMessage()
                    + " (name their folder with --cuda-libs)");
            return ExitStatus.FAILED.code();
        }
        Optional<String> noCuda = OpenCvCuda.missing();
        if (noCuda.isPresent()) {
            err.println("veil gpu-check: OpenCV cannot use the GPU: " + noCuda.get());
            return ExitStatus.FAILED.code();
        }
        Optional<Path> media = mediaFolder();
        if (media.isEmpty()) {
            err.println("veil gpu-check: no photos to compare on: give --media DIR (the shared test data's media/)");
            return ExitStatus.FAILED.code();
        }
        OpenCvCuda.Device device = OpenCvCuda.device();
        out.printf(Locale.ROOT, "veil gpu-check  %s%n", Instant.now().truncatedTo(ChronoUnit.SECONDS));
        out.printf(Locale.ROOT, "device      %s, compute capability %d.%d, %d multiprocessors, %.0f GiB; %s%n",
                device.name(), device.major(), device.minor(), device.multiprocessors(),
                device.memoryBytes() / (double) (1L << 30), driverVersion());
        out.printf(Locale.ROOT, "libraries   %s%n", libraries.found().entrySet().stream()
                .filter(e -> CudaLibraries.OPENCV_CUDA.contains(e.getKey()))
                .map(e -> e.getKey() + " (" + e.getValue().getParent() + ")").collect(Collectors.joining(", ")));
        GpuEnvironment environment = new GpuEnvironment(gpu, libraries,
                GpuCheckCommand.class.getClassLoader().getResource("org/bytedeco/tensorrt/linux-x86_64/libjninvinfer.so")
                        != null);
        return check(media.get(), config(Device.CUDA), environment);
    }

    /** The same steps with the CPU in the GPU's place: the command and its bundle tried where there is no GPU. */
    private int dryRun() {
        Optional<Path> media = mediaFolder();
        if (media.isEmpty()) {
            err.println("veil gpu-check: no photos to compare on: give --media DIR (the shared test data's media/)");
            return ExitStatus.FAILED.code();
        }
        out.printf(Locale.ROOT, "veil gpu-check --dry-run-on-cpu  %s%n", Instant.now().truncatedTo(ChronoUnit.SECONDS));
        out.println("device      none: a dry run, the CPU stands in for the GPU and nothing about a GPU is checked");
        GpuEnvironment none = new GpuEnvironment(new GpuProbe(false, false),
                CudaLibraries.find(List.of()), false);
        return check(media.get(), config(Device.CPU), none);
    }

    private int check(Path media, InferenceConfig onGpu, GpuEnvironment environment) {
        try (FaceDetector gpuDetector = FaceDetectors.open(onGpu, environment);
             FaceDetector cpuDetector = FaceDetectors.open(config(Device.CPU), environment)) {
            out.printf(Locale.ROOT, "runtime     %s%n", gpuDetector.placement().label());
            out.printf(Locale.ROOT, "reference   %s (the same YuNet, %s)%n", cpuDetector.placement().label(),
                    cpuDetector.describe());
            boolean agree = comparePhotos(media, gpuDetector, cpuDetector, onGpu.confidence());
            time(media, gpuDetector, cpuDetector);
            VertexThroughput vertex = timeVertex(media, gpuDetector, onGpu);
            boolean ran = agree && vertex.failed() == 0;
            if (options.dryRun()) {
                out.printf(Locale.ROOT, "verdict     %s%n", ran ? "DRY RUN: every step ran on the CPU; nothing checked"
                        + " about a GPU" : "FAIL: the dry run itself failed");
                return ran ? ExitStatus.OK.code() : ExitStatus.FAILED.code();
            }
            boolean pass = ran && !gpuDetector.placement().onCpu();
            out.printf(Locale.ROOT, "verdict     %s%n", pass ? "PASS: the GPU finds the CPU's faces"
                    : "FAIL: " + (agree ? "" : "faces differ from the CPU's; ")
                    + (vertex.failed() == 0 ? "" : vertex.failed() + " frames failed in the vertex"));
            return pass ? ExitStatus.OK.code() : ExitStatus.FAILED.code();
        } catch (ConfigException e) {
            err.println("veil gpu-check: FAIL: " + e.getMessage());
            return ExitStatus.FAILED.code();
        } catch (IOException | RuntimeException | LinkageError e) {
            // A LinkageError is a native library that would not load: one line says which, not a stack trace.
            err.println("veil gpu-check: FAIL: " + e);
            return ExitStatus.FAILED.code();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return ExitStatus.INTERRUPTED.code();
        }
    }

    /** The default detector as the vertex runs it, on this device; OpenCV on the CPU for the reference. */
    private InferenceConfig config(Device device) {
        InferenceConfig defaults = InferenceConfig.defaults();
        return new InferenceConfig(BuiltinModel.DEFAULT.modelName(), defaults.confidence(), defaults.nmsIou(),
                defaults.inputSize(), YoloFormat.AUTO, device, CpuRuntime.OPENCV, options.precision(),
                Path.of(System.getProperty("java.io.tmpdir"), "veil-gpu-check-engines"),
                new Tiling(TilingMode.AUTO, defaults.inputSize(), InferenceConfig.DEFAULT_TILE_OVERLAP),
                InferenceConfig.DEFAULT_BATCH_SIZE, Optional.empty(), InferenceConfig.DEFAULT_YUNET_SCALES, 0);
    }

    private Optional<Path> mediaFolder() {
        if (options.media().isPresent()) {
            return options.media();
        }
        Path shared = Path.of(System.getProperty("veil.shared.dir", "../shared")).resolve("media");
        return Stream.of(shared, Path.of("media")).filter(Files::isDirectory).findFirst();
    }

    private static String driverVersion() {
        try {
            String text = Files.readString(Path.of("/proc/driver/nvidia/version"));
            return text.lines().findFirst().map(String::strip).orElse("driver version unknown");
        } catch (IOException e) {
            return "driver version not readable here";
        }
    }

    private boolean comparePhotos(Path media, FaceDetector gpu, FaceDetector cpu, double threshold) throws IOException {
        List<Path> photos;
        try (Stream<Path> files = Files.list(media)) {
            photos = files.filter(f -> f.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".jpg")).sorted()
                    .toList();
        }
        if (photos.isEmpty()) {
            throw new IOException("no .jpg photos in " + media);
        }
        boolean all = true;
        for (Path photo : photos) {
            try (Mat picture = imread(photo.toString())) {
                if (picture.empty()) {
                    throw new IOException(photo + " does not decode");
                }
                List<Face> onCpu = cpu.detect(picture);
                List<Face> onGpu = gpu.detect(picture);
                FaceAgreement a = FaceAgreement.of(onCpu, onGpu, MIN_IOU, threshold, SCORE_MARGIN);
                all &= a.agrees();
                out.printf(Locale.ROOT, "photo       %-18s %4dx%-4d cpu %3d  gpu %3d  matched %3d at IoU >= %.1f"
                                + " (lowest %.3f)  %s%s%n", photo.getFileName(), picture.cols(), picture.rows(),
                        onCpu.size(), onGpu.size(), a.matched(), MIN_IOU, a.lowestIou(), a.agrees() ? "ok" : "DIFFERENT",
                        a.unmatched().isEmpty() && a.borderline().isEmpty() ? ""
                                : "; unmatched " + scores(a.unmatched()) + ", at the threshold " + scores(a.borderline()));
            }
        }
        return all;
    }

    private static String scores(List<Face> faces) {
        return faces.stream().map(f -> String.format(Locale.ROOT, "%.2f", f.score()))
                .collect(Collectors.joining(" ", "[", "]"));
    }

    private void time(Path media, FaceDetector gpu, FaceDetector cpu) throws IOException {
        try (Mat photo = photo(media, "zidane.jpg")) {
            for (int[] size : SIZES) {
                StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "ms/frame    %dx%d", size[0], size[1]));
                for (int batch : BATCHES) {
                    DetectorTiming t = DetectorTiming.measure(gpu, photo, size[0], size[1], batch, TIMED_CALLS,
                            TIMING_BUDGET);
                    line.append(String.format(Locale.ROOT, "  batch %2d: %6.2f", batch, t.msPerFrame()));
                }
                out.println(line);
            }
            DetectorTiming reference = DetectorTiming.measure(cpu, photo, 1280, 720, 1, 3, Duration.ofSeconds(1));
            out.printf(Locale.ROOT, "ms/frame    1280x720  batch  1: %6.2f on the CPU (%d cores), for comparison%n",
                    reference.msPerFrame(), Runtime.getRuntime().availableProcessors());
        }
    }

    private VertexThroughput timeVertex(Path media, FaceDetector gpu, InferenceConfig config)
            throws IOException, InterruptedException {
        List<byte[]> clip;
        try (Mat photo = photo(media, "group-table.jpg")) {
            clip = PanZoomFrames.jpegs(photo, 1920, 1080, options.clipFrames(), 1.8);
        }
        try {
            VertexThroughput v = VertexThroughput.measure(gpu, clip, 1920, 1080, CLIP_FPS, config.batchSize(),
                    config.batchWaitFor(gpu.onGpu()));
            out.printf(Locale.ROOT, "vertex      1920x1080 at %.0f fps, %d frames in read batches of %d: %.1f frames/s"
                            + " (%.1fx real time), %.1f faces a frame, %d failed, detected on %s%n", CLIP_FPS,
                    v.frames(), config.batchSize(), v.fps(), v.fps() / CLIP_FPS, (double) v.faces() / v.frames(),
                    v.failed(), v.placement());
            return v;
        } catch (dev.veil.frame.InvalidFrameException e) {
            throw new IOException("the clip's frames are not valid: " + e.getMessage(), e);
        }
    }

    /** The named photo of the media folder, or its first photo when that one is not there. */
    private static Mat photo(Path media, String preferred) throws IOException {
        Path file = media.resolve(preferred);
        if (!Files.isRegularFile(file)) {
            try (Stream<Path> files = Files.list(media)) {
                file = files.filter(f -> f.toString().toLowerCase(Locale.ROOT).endsWith(".jpg")).sorted().findFirst()
                        .orElseThrow(() -> new IOException("no .jpg photos in " + media));
            }
        }
        Mat picture = imread(file.toString());
        if (picture.empty()) {
            picture.close();
            throw new IOException(file + " does not decode");
        }
        return picture;
    }
}
