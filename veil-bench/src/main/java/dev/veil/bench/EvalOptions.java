package dev.veil.bench;

import dev.veil.accuracy.Camera;
import dev.veil.inference.tracking.TrackingConfig;
import dev.veil.run.RunOptions;
import dev.veil.run.UsageException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The flags of {@code veil eval}.
 *
 * @param media      the folder of the accuracy set's photos ({@code ../shared/media}); empty: only the portrait
 *                   Veil carries itself
 * @param yolo       a YOLO face model to compare, if any (the shared one by default)
 * @param detectors  the detectors compared on stills and clips
 * @param tracking   the cadences and hold times the inference vertex is measured with on the clips
 * @param cameras    the clips made of each photo
 * @param frames     frames per clip
 * @param out        where the report and the clips go
 * @param sections   the parts of the evaluation to run
 * @param photos     the photos of the set to measure on; empty: all of them
 * @param runs       end to end: runs of {@code veil run} on each clip
 */
record EvalOptions(Optional<Path> media, Optional<Path> yolo, List<DetectorChoice> detectors,
                   List<TrackingConfig> tracking, List<Camera> cameras, int frames, Path out, Set<Section> sections,
                   Set<String> photos, int runs, List<String> runFlags) {

    /** What the end-to-end section sets itself in every veil run: a person's flags cannot move them. */
    static final Set<String> FLAGS_EVAL_SETS = Set.of("--input", "--output", "--pacing", "--port", "--loop", "--help");

    enum Section { STILLS, CLIPS, TRACKING, END_TO_END }

    /**
     * One detector to compare: a builtin name or a model file, at a confidence or at its default, YuNet at its
     * default scales or at others.
     *
     * @param model      builtin name or file path
     * @param confidence the detection threshold, or empty for the default
     * @param scales     YuNet's scales, or empty for the default
     */
    record DetectorChoice(String model, Optional<Double> confidence, Optional<List<Double>> scales) {
        String label() {
            String name = model.contains("/") ? Path.of(model).getFileName().toString() : model;
            String scaled = scales.map(s -> name + " at " + s.stream().map(EvalOptions::number)
                    .collect(java.util.stream.Collectors.joining(" + "))).orElse(name);
            return confidence.map(c -> scaled + " @" + c).orElse(scaled);
        }
    }

    private static String number(double v) {
        return v == Math.rint(v) ? Long.toString(Math.round(v)) : Double.toString(v);
    }

    static final int DEFAULT_FRAMES = 90;
    static final int MIN_FRAMES = 2;
    static final int MAX_FRAMES = 3000;
    static final int MAX_RUNS = 9;

    static final String USAGE = """
            Usage: veil eval [options]

            Measures how well Veil finds faces on the accuracy set: photos of a street, groups and a crowd with
            reviewed true faces (../shared/media, plus the portrait Veil carries), as stills and as pan/zoom 720p30
            clips made from them. Per detector and face size (< 16, 16-32, 32-64, > 64 px tall at 720p): faces
            found, faces covered (hidden by the sink's cover), false detections per frame, and for clips the share
            of frames in which every face of 16 px or more is covered. Prints the tables and writes them to --out.
            About 16 minutes on two cores with every section (--quick: about 2).

            Sections:
              stills       each detector on each photo fitted into 1280x720
              clips        each detector on every frame of every clip
              tracking     the inference vertex with the first of --detectors on the clips, with each cadence and
                           hold time of --tracking: what holding faces and skipping frames cost or buy
              end-to-end   veil run with its defaults on every clip (--output, as fast as possible), each in a
                           JVM of its own, as a person runs it; each face of the input is judged in the output
                           MP4: it must keep at most a fifth of its detail. Each run's frame rate comes with
                           its CPU a frame by part, and the machine's pace (the default detector's full search of
                           one frame, timed alone) is measured before and after the runs. With --runs N,
                           every clip runs N times, in rounds (each clip once, then each again): the table
                           gives each clip's median frame rate with the slowest and fastest run, and the
                           faces of the run that hid the fewest

            Options:
              --media DIR          the set's photos (default: ../shared/media if present)
              --yolo FILE.onnx     a YOLO face model to compare (default: ../shared/models/yolov5n-0.5-face.onnx)
              --detectors LIST     detectors to compare, comma-separated: NAME, NAME@CONFIDENCE, and for YuNet
                                   NAME:SCALE+SCALE (default: yunet, yunet:1+0.5, yunet:1, yunet@0.5,
                                   blazeface-full-tiled, blazeface-full, and yolo when found)
              --tracking LIST      EVERY/HOLD or EVERY/HOLD/FULL for the tracking section: detect every EVERY
                                   frames, hold HOLD frames, search in full every FULL detections
                                   (default: 1/0,1/10,1/0/3,1/10/3,2/10,3/10)
              --cameras LIST       wide, zoom-left, zoom-right (default: all three)
              --frames N           frames per clip, %d to %d (default %d: three seconds)
              --photos LIST        some photos of the set only, by file name (default: all)
              --runs N             end to end: runs of veil run on each clip, 1 to %d (default 1); on a machine
                                   whose speed wanders, 3 give a frame rate that one slow moment does not decide
              --run-flags "FLAGS"  end to end: veil run's own flags to add to every run, as one argument, e.g.
                                   "--yunet-scales 0.8,0.5,0.35 --full-search-every 4" (default: none, its
                                   defaults); checked as veil run checks them. --input, --output, --pacing,
                                   --port and --loop are the evaluation's
              --only LIST          some sections only: stills,clips,tracking,end-to-end
              --out DIR            where results go (default eval-results)
              --quick              one camera, 30 frames a clip: a check that everything runs
              --help               show this help
            """.formatted(MIN_FRAMES, MAX_FRAMES, DEFAULT_FRAMES, MAX_RUNS);

    static EvalOptions parse(String... args) throws UsageException {
        Optional<Path> media = defaultShared("media");
        Optional<Path> yolo = defaultShared("models/yolov5n-0.5-face.onnx");
        String detectors = null;
        String tracking = "1/0,1/10,1/0/3,1/10/3,2/10,3/10";
        String cameras = "wide,zoom-left,zoom-right";
        String frames = Integer.toString(DEFAULT_FRAMES);
        Path out = Path.of("eval-results");
        Set<Section> sections = EnumSet.allOf(Section.class);
        boolean quick = false;
        Set<String> photos = Set.of();
        String runs = "1";
        List<String> runFlags = List.of();
        for (int i = 0; i < args.length; i++) {
            String flag = args[i];
            if (flag.equals("--quick")) {
                quick = true;
                continue;
            }
            if (!Set.of("--media", "--yolo", "--detectors", "--tracking", "--cameras", "--frames", "--only", "--out",
                    "--photos", "--runs", "--run-flags").contains(flag)) {
                throw new UsageException("unknown option " + flag);
            }
            // veil run's flags start with -- themselves.
            if (i + 1 >= args.length || args[i + 1].startsWith("--") && !flag.equals("--run-flags")) {
                throw new UsageException(flag + " needs a value");
            }
            String value = args[++i];
            switch (flag) {
                case "--media" -> {
                    if (!Files.isDirectory(Path.of(value))) {
                        throw new UsageException("--media " + value + ": no such folder");
                    }
                    media = Optional.of(Path.of(value));
                }
                case "--yolo" -> {
                    if (!Files.isRegularFile(Path.of(value))) {
                        throw new UsageException("--yolo " + value + ": no such file");
                    }
                    yolo = Optional.of(Path.of(value));
                }
                case "--detectors" -> detectors = value;
                case "--tracking" -> tracking = value;
                case "--cameras" -> cameras = value;
                case "--frames" -> frames = value;
                case "--runs" -> runs = value;
                case "--run-flags" -> runFlags = runFlags(value);
                case "--only" -> sections = sections(value);
                case "--photos" -> photos = Set.of(value.split(",")).stream().map(String::strip)
                        .collect(java.util.stream.Collectors.toUnmodifiableSet());
                default -> out = Path.of(value);
            }
        }
        if (quick) {
            cameras = "zoom-left";
            frames = "30";
        }
        if (detectors == null) {
            detectors = "yunet,yunet:1+0.5,yunet:1,yunet@0.5,blazeface-full-tiled,blazeface-full"
                    + (yolo.isPresent() ? ",yolo" : "");
        }
        return new EvalOptions(media, yolo, detectors(detectors, yolo), tracking(tracking), cameras(cameras),
                integer("--frames", frames, MIN_FRAMES, MAX_FRAMES), out, sections, photos,
                integer("--runs", runs, 1, MAX_RUNS), runFlags);
    }

    /** {@code --run-flags}' value as veil run's arguments, refused here as veil run would refuse them. */
    private static List<String> runFlags(String value) throws UsageException {
        List<String> flags = value.isBlank() ? List.of() : List.of(value.strip().split("\\s+"));
        for (String flag : flags) {
            if (FLAGS_EVAL_SETS.contains(flag)) {
                throw new UsageException("--run-flags: " + flag + " is set by veil eval itself");
            }
        }
        try {
            RunOptions.parse(flags.toArray(String[]::new));
        } catch (UsageException e) {
            throw new UsageException("--run-flags: " + e.getMessage());
        }
        return flags;
    }

    private static List<DetectorChoice> detectors(String list, Optional<Path> yolo) throws UsageException {
        List<DetectorChoice> out = new ArrayList<>();
        for (String item : list.split(",")) {
            String name = item.strip();
            Optional<Double> confidence = Optional.empty();
            int at = name.lastIndexOf('@');
            if (at > 0) {
                try {
                    double c = Double.parseDouble(name.substring(at + 1));
                    if (!(c > 0 && c < 1)) {
                        throw new NumberFormatException();
                    }
                    confidence = Optional.of(c);
                } catch (NumberFormatException e) {
                    throw new UsageException("--detectors " + item + ": the confidence after @ must be between 0"
                            + " and 1");
                }
                name = name.substring(0, at);
            }
            Optional<List<Double>> scales = Optional.empty();
            int colon = name.indexOf(':');
            if (colon > 0) {
                try {
                    scales = Optional.of(dev.veil.inference.InferenceConfig.parseScales(
                            name.substring(colon + 1).replace('+', ',')));
                } catch (IllegalArgumentException e) {
                    throw new UsageException("--detectors " + item + ": the scales after : must look like 1+0.5");
                }
                name = name.substring(0, colon);
            }
            if (name.equals("yolo")) {
                if (yolo.isEmpty()) {
                    throw new UsageException("--detectors yolo: no YOLO model (give --yolo FILE.onnx)");
                }
                name = yolo.get().toString();
            }
            if (name.isEmpty()) {
                throw new UsageException("--detectors " + list + " names an empty detector");
            }
            out.add(new DetectorChoice(name, confidence, scales));
        }
        return out;
    }

    private static List<TrackingConfig> tracking(String list) throws UsageException {
        List<TrackingConfig> out = new ArrayList<>();
        for (String item : list.split(",")) {
            String[] parts = item.strip().split("/");
            if (parts.length != 2 && parts.length != 3) {
                throw new UsageException("--tracking " + item + " must be EVERY/HOLD or EVERY/HOLD/FULL, e.g. 2/10");
            }
            out.add(new TrackingConfig(integer("--tracking", parts[0], 1, TrackingConfig.MAX_EVERY),
                    integer("--tracking", parts[1], 0, TrackingConfig.MAX_HOLD_FRAMES),
                    parts.length == 3 ? integer("--tracking", parts[2], 1, TrackingConfig.MAX_EVERY)
                            : TrackingConfig.DEFAULT_FULL_SEARCH_EVERY));
        }
        return out;
    }

    private static List<Camera> cameras(String list) throws UsageException {
        List<Camera> out = new ArrayList<>();
        for (String item : list.split(",")) {
            String name = item.strip();
            out.add(Camera.standard().stream().filter(c -> c.name().equals(name)).findFirst()
                    .orElseThrow(() -> new UsageException("--cameras: unknown camera " + name
                            + " (wide, zoom-left, zoom-right)")));
        }
        return out;
    }

    private static Set<Section> sections(String list) throws UsageException {
        Set<Section> chosen = EnumSet.noneOf(Section.class);
        for (String name : list.split(",")) {
            try {
                chosen.add(Section.valueOf(name.strip().toUpperCase(Locale.ROOT).replace('-', '_')));
            } catch (IllegalArgumentException e) {
                throw new UsageException("--only: unknown section " + name.strip()
                        + " (stills, clips, tracking, end-to-end)");
            }
        }
        return chosen;
    }

    private static int integer(String flag, String value, int min, int max) throws UsageException {
        try {
            int n = Integer.parseInt(value.strip());
            if (n < min || n > max) {
                throw new UsageException(flag + " " + value + " is out of range " + min + ".." + max);
            }
            return n;
        } catch (NumberFormatException e) {
            throw new UsageException(flag + " " + value + " is not a whole number");
        }
    }

    private static Optional<Path> defaultShared(String relative) {
        String property = System.getProperty("veil.shared.dir");
        Path path = (property != null ? Path.of(property) : Path.of("..", "shared")).resolve(relative);
        return Files.exists(path) ? Optional.of(path.toAbsolutePath().normalize()) : Optional.empty();
    }
}
