package dev.veil.accuracy;

import java.util.Locale;

/** Where a ground-truth face came from: which reference detectors found it, or the reviewer's eye. */
public enum FaceSource {
    /** Reference A only: YuNet through OpenCV's FaceDetectorYN on the photo enlarged 2x. */
    YUNET,
    /** Reference B only: YOLOv5n-0.5-face through Veil's tiled YOLO detector at full resolution. */
    YOLO,
    /** Both references (their two boxes averaged). */
    BOTH,
    /** Neither: added by the reviewer, its box read off a grid by eye. */
    MANUAL;

    /** The name in the truth files: {@code yunet}, {@code yolo}, {@code both}, {@code manual}. */
    public String csvName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static FaceSource ofCsvName(String name) {
        for (FaceSource source : values()) {
            if (source.csvName().equals(name)) {
                return source;
            }
        }
        throw new IllegalArgumentException("unknown face source '" + name + "': expected yunet, yolo, both or manual");
    }
}
