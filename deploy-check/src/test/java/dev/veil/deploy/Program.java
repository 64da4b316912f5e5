package dev.veil.deploy;

import dev.veil.config.ProgramSettings;
import dev.veil.display.DisplayConfig;
import dev.veil.inference.InferenceConfig;
import dev.veil.resize.ResizeConfig;
import dev.veil.sink.SinkConfig;
import dev.veil.source.SourceConfig;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * One of Veil's programs as a container runs it: its image, and the settings it declares ({@link ProgramSettings}),
 * which say what it reads, what it cannot start without, and whether it would start with a given environment. The
 * declarations are the programs' own, the ones their config records read through: nothing is kept here.
 */
enum Program {
    SOURCE(SourceConfig.SETTINGS),
    FILTER_RESIZE(ResizeConfig.SETTINGS),
    INFERENCE(InferenceConfig.SETTINGS, "inference-gpu"),
    SINK(SinkConfig.SETTINGS),
    DISPLAY(DisplayConfig.SETTINGS);

    private final ProgramSettings settings;
    private final List<String> variants;

    Program(ProgramSettings settings, String... variants) {
        this.settings = settings;
        this.variants = List.of(variants);
    }

    /** The last part of the image's name, e.g. "inference" in {@code veil/inference:0.1.0}: the program's name. */
    String image() {
        return settings.program();
    }

    /** Every image that runs the program: its own and its variants (the inference vertex's GPU image). */
    List<String> images() {
        return Stream.concat(Stream.of(image()), variants.stream()).toList();
    }

    ProgramSettings settings() {
        return settings;
    }

    /** The program an image runs, if it is one of Veil's. */
    static Optional<Program> ofImage(String imageReference) {
        String withoutTag = imageReference.replaceFirst("[:@][^/]*$", "");
        String last = withoutTag.substring(withoutTag.lastIndexOf('/') + 1);
        return Stream.of(values()).filter(p -> p.images().contains(last)).findFirst();
    }

    /** Every VEIL_* variable the program reads. */
    Set<String> reads() {
        return settings.names();
    }

    /** The variables it cannot start without. */
    Set<String> requires() {
        return settings.requiredNames();
    }

    /** The line it would refuse to start with, given this environment; empty when it would start. */
    Optional<String> refusal(Map<String, String> environment) {
        return settings.refusal(environment);
    }
}
