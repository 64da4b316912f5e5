package dev.veil.inference.yolo;

import dev.veil.config.Env;
import dev.veil.inference.detect.Candidate;
import dev.veil.inference.network.OutputTensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The output layouts of the YOLO face models Veil runs, told apart by their shapes ({@code VEIL_YOLO_FORMAT=auto})
 * or stated in the configuration. Shapes here are those of one image (first dimension 1).
 */
public enum YoloFormat {
    /** Recognized from the output shapes when the model is loaded. */
    AUTO,
    /** YOLOv5-face raw heads: up to three {@code 1x3xHxWx16} outputs, one per stride 8, 16, 32. */
    YOLOV5_HEADS,
    /** YOLOv5-face decoded export: one {@code 1xNx16} output. */
    YOLOV5_ROWS,
    /** YOLOv8-face: one {@code 1x5xN} output, or {@code 1x20xN} with five key points. */
    YOLOV8;

    /**
     * The format these outputs are in.
     *
     * @throws IllegalArgumentException naming the shapes when they are none of the known layouts
     */
    static YoloFormat recognize(List<int[]> shapes, int inputSize) {
        // Rows before YOLOv8: a 1x5x16 or 1x20x16 output is read as rows of 16, the layout that fits it exactly.
        for (YoloFormat f : List.of(YOLOV5_HEADS, YOLOV5_ROWS, YOLOV8)) {
            if (f.matches(shapes, inputSize)) {
                return f;
            }
        }
        throw new IllegalArgumentException("outputs " + describe(shapes) + " are none of YOLOv5-face raw heads"
                + " (1x3xHxWx16), YOLOv5-face rows (1xNx16) or YOLOv8-face (1x5xN, 1x20xN)");
    }

    /**
     * This format, checked against the outputs; {@link #AUTO} recognizes it.
     *
     * @throws IllegalArgumentException when the outputs are not in this format
     */
    YoloFormat checkedAgainst(List<int[]> shapes, int inputSize) {
        if (this == AUTO) {
            return recognize(shapes, inputSize);
        }
        if (!matches(shapes, inputSize)) {
            throw new IllegalArgumentException("outputs " + describe(shapes) + " are not " + Env.spelling(this)
                    + " (" + expected() + ")");
        }
        return this;
    }

    boolean matches(List<int[]> shapes, int inputSize) {
        return switch (this) {
            case AUTO -> false;
            case YOLOV5_HEADS -> !shapes.isEmpty() && shapes.size() <= 3 && shapes.stream().allMatch(s -> s.length == 5
                    && s[0] == 1 && s[1] == YoloFaceDecoder.ANCHORS_PER_CELL && s[4] == YoloFaceDecoder.ROW && s[2] > 0
                    && s[3] > 0 && inputSize % s[2] == 0 && strideKnown(inputSize / s[2]));
            case YOLOV5_ROWS -> shapes.size() == 1 && shapes.get(0).length == 3 && shapes.get(0)[0] == 1
                    && shapes.get(0)[2] == YoloFaceDecoder.ROW;
            case YOLOV8 -> shapes.size() == 1 && shapes.get(0).length == 3 && shapes.get(0)[0] == 1
                    && (shapes.get(0)[1] == YoloFaceDecoder.V8_BOX_ONLY
                    || shapes.get(0)[1] == YoloFaceDecoder.V8_WITH_LANDMARKS)
                    && shapes.get(0)[2] > 0;
        };
    }

    /** Candidates in model-input pixels from the outputs of one image (each with first dimension 1). */
    List<Candidate> decode(List<OutputTensor> outputs, int inputSize, double minScore) {
        return switch (this) {
            case AUTO -> throw new IllegalStateException("resolve the format before decoding");
            case YOLOV5_ROWS -> YoloFaceDecoder.decodeExported(outputs.get(0).values(), outputs.get(0).shape()[1],
                    minScore);
            case YOLOV8 -> YoloFaceDecoder.decodeV8(outputs.get(0).values(), outputs.get(0).shape()[1],
                    outputs.get(0).shape()[2], minScore);
            case YOLOV5_HEADS -> {
                List<Candidate> all = new ArrayList<>();
                for (OutputTensor head : outputs) {
                    int[] s = head.shape();
                    all.addAll(YoloFaceDecoder.decodeRawHead(head.values(), s[2], s[3], inputSize / s[2], minScore));
                }
                yield all;
            }
        };
    }

    private String expected() {
        return switch (this) {
            case AUTO -> "any";
            case YOLOV5_HEADS -> "1x3xHxWx16 per stride 8, 16, 32";
            case YOLOV5_ROWS -> "one 1xNx16";
            case YOLOV8 -> "one 1x5xN or 1x20xN";
        };
    }

    private static boolean strideKnown(int stride) {
        return stride == 8 || stride == 16 || stride == 32;
    }

    static String describe(List<int[]> shapes) {
        return shapes.stream().map(Arrays::toString).toList().toString();
    }
}
