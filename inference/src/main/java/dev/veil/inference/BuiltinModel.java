package dev.veil.inference;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/** The models that need no file: YuNet vendored in the jar, BlazeFace bundled by the build, Haar from the OpenCV jar. */
public enum BuiltinModel {
    /**
     * YuNet on the frame at its own resolution: faces from about 10 pixels tall, profiles and crowds (the default;
     * docs/detectors.md has the measurements).
     */
    YUNET("yunet", 0.3),
    /** BlazeFace full range on the whole frame and on overlapping square tiles (finds faces down to ~8% of 720p). */
    BLAZEFACE_FULL_TILED("blazeface-full-tiled", 0.5),
    /** BlazeFace full range on the whole frame only (a third of the work; faces from ~10-12% of 720p). */
    BLAZEFACE_FULL("blazeface-full", 0.5),
    /** BlazeFace short range, for faces close to the camera (from ~30% of the frame's height). */
    BLAZEFACE_SHORT("blazeface-short", 0.5),
    /** OpenCV's Haar cascade (frontal faces only), from the OpenCV jar. */
    HAAR("haar", 0.5);

    /** What {@code VEIL_MODEL} means when unset; chosen by measurement, see docs/detectors.md. */
    public static final BuiltinModel DEFAULT = YUNET;

    /** The threshold for a model file, or a builtin model of none of its own. */
    public static final double FILE_CONFIDENCE = 0.5;

    private final String modelName;
    private final double defaultConfidence;

    BuiltinModel(String modelName, double defaultConfidence) {
        this.modelName = modelName;
        this.defaultConfidence = defaultConfidence;
    }

    /**
     * The detection threshold when none is given, chosen by measurement (docs/detectors.md): YuNet's scores run lower
     * than the others' for the same faces, and 0.3 keeps the profiles, cut and small faces 0.5 loses, at the price of
     * a few more false boxes per frame, which only blur a patch of background.
     */
    public double defaultConfidence() {
        return defaultConfidence;
    }

    /** The default threshold of a model name or file: a builtin's own, else {@value #FILE_CONFIDENCE}. */
    public static double defaultConfidenceOf(String model) {
        return byName(model).map(BuiltinModel::defaultConfidence).orElse(FILE_CONFIDENCE);
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
