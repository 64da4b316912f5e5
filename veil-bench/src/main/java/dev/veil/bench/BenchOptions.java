package dev.veil.bench;

import dev.veil.config.ConfigException;
import dev.veil.config.Env;
import dev.veil.inference.tracking.TrackingConfig;
import dev.veil.run.RunOptions;
import dev.veil.run.UsageException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The flags of {@code veil bench}.
 *
 * @param quick       a short run (small clips, few rounds): checks that everything works, figures are rough
 * @param out         where the report, the CSV files and the charts go
 * @param videos      where the generated inputs are kept between runs
 * @param shared      the project's test data folder ({@code ../shared}) for the YOLO model and the photos, if any
 * @param yolo        a YOLO face model to measure, if any
 * @param soak        run the endurance test for this long instead of the benchmark
 * @param detectEvery the pipeline's detector cadence for the soak and the headline runs
 * @param sections    the parts of the benchmark to run
 */
record BenchOptions(boolean quick, Path out, Path videos, Optional<Path> shared, Optional<Path> yolo,
                    Optional<Duration> soak, int detectEvery, Set<Section> sections) {

    enum Section { REFERENCES, STAGES, PIPELINE, REALTIME, COVERAGE }

    static final String USAGE = """
            Usage: veil bench [options]

            Measures Veil on this machine: each stage, the whole pipeline, and the same decode + scale + JPEG work
            done by the ffmpeg and gst-launch-1.0 programs (when installed), on 720p, 1080p and 4K H.264 videos it
            makes itself. Prints the tables and writes them with CSV files and charts to --out. About 10 minutes on
            two cores (--quick: about 3).

            Options:
              --quick              small inputs, few rounds: a check that everything runs
              --out DIR            where results go (default bench-results)
              --videos DIR         where the generated inputs are kept (default: a folder in the temp directory)
              --shared DIR         the test data folder with models/ and media/ (default: ../shared if present)
              --yolo FILE.onnx     a YOLO face model to measure (default: the one in the shared folder)
              --only LIST          some sections only: references,stages,pipeline,realtime,coverage
              --detect-every N     the pipeline's detector cadence for the headline runs and the soak (default 2)
              --soak DURATION      instead: run veil run on a looping 720p input for DURATION (e.g. 30m) and
                                   sample its memory every 10 s into soak.csv
              --help               show this help
            """;

    static BenchOptions parse(String... args) throws UsageException {
        boolean quick = false;
        Path out = Path.of("bench-results");
        Path videos = Path.of(System.getProperty("java.io.tmpdir"), "veil-bench");
        Optional<Path> shared = defaultShared();
        Optional<Path> yolo = Optional.empty();
        Optional<Duration> soak = Optional.empty();
        int detectEvery = RunOptions.DEFAULT_DETECT_EVERY;
        Set<Section> sections = EnumSet.allOf(Section.class);
        for (int i = 0; i < args.length; i++) {
            String flag = args[i];
            if (flag.equals("--quick")) {
                quick = true;
                continue;
            }
            if (!Set.of("--out", "--videos", "--shared", "--yolo", "--only", "--soak", "--detect-every").contains(flag)) {
                throw new UsageException("unknown option " + flag);
            }
            if (i + 1 >= args.length || args[i + 1].startsWith("--")) {
                throw new UsageException(flag + " needs a value");
            }
            String value = args[++i];
            switch (flag) {
                case "--out" -> out = Path.of(value);
                case "--videos" -> videos = Path.of(value);
                case "--shared" -> shared = Optional.of(Path.of(value));
                case "--yolo" -> {
                    if (!Files.isRegularFile(Path.of(value))) {
                        throw new UsageException("--yolo " + value + ": no such file");
                    }
                    yolo = Optional.of(Path.of(value));
                }
                case "--only" -> sections = sections(value);
                case "--soak" -> {
                    try {
                        soak = Optional.of(Env.parseDuration("--soak", value));
                    } catch (ConfigException e) {
                        throw new UsageException("--soak " + value + " is not a duration such as 30m or 90s");
                    }
                }
                default -> {
                    try {
                        detectEvery = Integer.parseInt(value);
                    } catch (NumberFormatException e) {
                        detectEvery = -1;
                    }
                    if (detectEvery < 1 || detectEvery > TrackingConfig.MAX_EVERY) {
                        throw new UsageException("--detect-every " + value + " is not a whole number in 1.."
                                + TrackingConfig.MAX_EVERY);
                    }
                }
            }
        }
        if (yolo.isEmpty() && shared.isPresent()) {
            Path model = shared.get().resolve("models/yolov5n-0.5-face.onnx");
            yolo = Files.isRegularFile(model) ? Optional.of(model) : Optional.empty();
        }
        return new BenchOptions(quick, out, videos, shared, yolo, soak, detectEvery, sections);
    }

    private static Set<Section> sections(String list) throws UsageException {
        Set<Section> chosen = EnumSet.noneOf(Section.class);
        for (String name : list.split(",")) {
            try {
                chosen.add(Section.valueOf(name.trim().toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                throw new UsageException("--only: unknown section " + name.trim()
                        + " (references, stages, pipeline, realtime, coverage)");
            }
        }
        return chosen;
    }

    private static Optional<Path> defaultShared() {
        String property = System.getProperty("veil.shared.dir");
        Path dir = property != null ? Path.of(property) : Path.of("..", "shared");
        return Files.isDirectory(dir) ? Optional.of(dir.toAbsolutePath().normalize()) : Optional.empty();
    }
}
