package dev.veil.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * One of Veil's programs as a container runs it: its image, the sources it is built from, and the config record
 * that parses its environment. What it reads is taken from its sources, not from a list kept here: every string
 * literal that is a variable name ({@code "VEIL_..."}) in its package or in frame-format's shared config code, and
 * every {@code ${VEIL_...}} in the logging configuration.
 */
enum Program {
    SOURCE("source-rtsp", "source-rtsp/src/main/java/dev/veil/source", "dev.veil.source.SourceConfig"),
    FILTER_RESIZE("filter-resize", "filter-resize/src/main/java/dev/veil/resize", "dev.veil.resize.ResizeConfig"),
    INFERENCE("inference", "inference/src/main/java/dev/veil/inference", "dev.veil.inference.InferenceConfig",
            "inference-gpu"),
    SINK("sink-display", "sink-display/src/main/java/dev/veil/sink", "dev.veil.sink.SinkConfig"),
    DISPLAY("display", "sink-display/src/main/java/dev/veil/display", "dev.veil.display.DisplayConfig");

    /** Read by every program: frame-format's typed environment and its logging configuration. */
    private static final List<String> SHARED = List.of("frame-format/src/main/java/dev/veil/config",
            "frame-format/src/main/resources/logback.xml");

    private static final Pattern NAME_LITERAL = Pattern.compile("\"(VEIL_[A-Z0-9_]+)\"");
    private static final Pattern NAME_IN_LOGBACK = Pattern.compile("\\$\\{(VEIL_[A-Z0-9_]+)");
    private static final Pattern CONSTANT = Pattern.compile("static\\s+final\\s+String\\s+([A-Z][A-Z0-9_]*)\\s*=\\s*\"(VEIL_[A-Z0-9_]+)\"");
    private static final Pattern REQUIRED = Pattern.compile("\\.required\\(\\s*(?:\"(VEIL_[A-Z0-9_]+)\"|(?:[A-Za-z]+\\.)?([A-Z][A-Z0-9_]*))");

    private final String image;
    private final String sources;
    private final String configClass;
    private final List<String> variants;

    Program(String image, String sources, String configClass, String... variants) {
        this.image = image;
        this.sources = sources;
        this.configClass = configClass;
        this.variants = List.of(variants);
    }

    /** The last part of the image's name, e.g. "inference" in {@code veil/inference:0.1.0}. */
    String image() {
        return image;
    }

    /** Every image that runs the program: its own and its variants (the inference vertex's GPU image). */
    List<String> images() {
        return java.util.stream.Stream.concat(Stream.of(image), variants.stream()).toList();
    }

    String configClass() {
        return configClass;
    }

    /** The program an image runs, if it is one of Veil's. */
    static Optional<Program> ofImage(String imageReference) {
        String withoutTag = imageReference.replaceFirst("[:@][^/]*$", "");
        String last = withoutTag.substring(withoutTag.lastIndexOf('/') + 1);
        return Stream.of(values()).filter(p -> p.images().contains(last)).findFirst();
    }

    /** Every VEIL_* variable the program reads. */
    Set<String> reads() {
        Set<String> names = new TreeSet<>();
        for (Path file : files()) {
            Pattern pattern = file.toString().endsWith(".xml") ? NAME_IN_LOGBACK : NAME_LITERAL;
            Matcher m = pattern.matcher(Repo.read(file));
            while (m.find()) {
                names.add(m.group(1));
            }
        }
        return names;
    }

    /** The variables it cannot start without (read through {@code Env.required}). */
    Set<String> requires() {
        Map<String, String> constants = new TreeMap<>();
        List<Path> files = files();
        for (Path file : files) {
            Matcher m = CONSTANT.matcher(Repo.read(file));
            while (m.find()) {
                constants.put(m.group(1), m.group(2));
            }
        }
        Set<String> required = new TreeSet<>();
        for (Path file : files) {
            Matcher m = REQUIRED.matcher(Repo.read(file));
            while (m.find()) {
                required.add(m.group(1) != null ? m.group(1) : constants.getOrDefault(m.group(2), "?" + m.group(2)));
            }
        }
        return required;
    }

    private List<Path> files() {
        Path root = Repo.root();
        List<Path> roots = Stream.concat(Stream.of(sources), SHARED.stream()).map(root::resolve).toList();
        for (Path r : roots) {
            if (!Files.exists(r)) {
                throw new IllegalStateException(r + " is gone: update Program." + name());
            }
        }
        return roots.stream().flatMap(Program::walk).toList();
    }

    private static Stream<Path> walk(Path root) {
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(Files::isRegularFile)
                    .filter(f -> f.toString().endsWith(".java") || f.toString().endsWith(".xml"))
                    .sorted().toList().stream();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
