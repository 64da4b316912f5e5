package dev.veil.inference;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/** The models that need no file: BlazeFace bundled by the build, Haar from the OpenCV jar. */
public enum BuiltinModel {
    /** BlazeFace full range on the whole frame and on overlapping square tiles (finds faces down to ~8% of 720p). */
    BLAZEFACE_FULL_TILED("blazeface-full-tiled"),
    /** BlazeFace full range on the whole frame only (a third of the work; faces from ~10-12% of 720p). */
    BLAZEFACE_FULL("blazeface-full"),
    /** BlazeFace short range, for faces close to the camera (from ~30% of the frame's height). */
    BLAZEFACE_SHORT("blazeface-short"),
    /** OpenCV's Haar cascade (frontal faces only), from the OpenCV jar. */
    HAAR("haar");

    /** What {@code VEIL_MODEL} means when unset; chosen by measurement, see docs/detectors.md. */
    public static final BuiltinModel DEFAULT = BLAZEFACE_FULL_TILED;

    private final String modelName;

    BuiltinModel(String modelName) {
        this.modelName = modelName;
    }

    /** The name {@code VEIL_MODEL} and {@code --model} accept. */
    public String modelName() {
        return modelName;
    }

    public static Optional<BuiltinModel> byName(String name) {
        String wanted = name.trim().toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(m -> m.modelName.equals(wanted)).findFirst();
    }

    /** The accepted names, for error messages: {@code blazeface-full-tiled, blazeface-full, ...}. */
    public static String names() {
        return Arrays.stream(values()).map(BuiltinModel::modelName).collect(Collectors.joining(", "));
    }
}
