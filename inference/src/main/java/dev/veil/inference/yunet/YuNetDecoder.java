package dev.veil.inference.yunet;

import dev.veil.inference.detect.Candidate;
import dev.veil.inference.detect.CandidateColumns;
import dev.veil.inference.network.OutputTensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Turns YuNet's raw outputs into face candidates, as OpenCV's {@code FaceDetectorYN} does. YuNet is anchor-free:
 * for each stride s of 8, 16 and 32 it predicts, at every cell (row r, column c) of the input divided by s, a class
 * score {@code cls_s} and an objectness {@code obj_s} (both already through a sigmoid), a box {@code bbox_s} as
 * (dx, dy, log w, log h) in cells, and five landmarks {@code kps_s} as (dx, dy) in cells. A cell's face:
 * score = sqrt(clamp(cls) x clamp(obj)), centre = ((c + dx) s, (r + dy) s), size = (e^lw s, e^lh s), landmark n =
 * ((c + kx_n) s, (r + ky_n) s). Coordinates are in the pixels of the padded network input.
 */
public final class YuNetDecoder {

    /** The strides of YuNet's three heads, smallest first. */
    static final int[] STRIDES = {8, 16, 32};
    /** Every input side must be a multiple of the largest stride. */
    static final int ALIGNMENT = 32;
    public static final int LANDMARKS = 5;

    private YuNetDecoder() {
    }

    /** The output names YuNet's ONNX files use: {@code cls_8, ..., kps_32}. */
    static List<String> outputNames() {
        List<String> names = new ArrayList<>();
        for (String kind : List.of("cls", "obj", "bbox", "kps")) {
            for (int stride : STRIDES) {
                names.add(kind + "_" + stride);
            }
        }
        return names;
    }

    /**
     * Candidates of one image whose score is at least {@code minScore}.
     *
     * @param outputs       the network's outputs by name, each for one image (batch 1)
     * @param paddedWidth   width of the network input, a multiple of {@value #ALIGNMENT}
     * @param paddedHeight  height of the network input, a multiple of {@value #ALIGNMENT}
     * @throws IllegalStateException when an output is missing or its size does not fit the input
     */
    static List<Candidate> decode(Map<String, OutputTensor> outputs, int paddedWidth, int paddedHeight,
                                  double minScore) {
        CandidateColumns into = new CandidateColumns(LANDMARKS);
        decode(outputs, paddedWidth, paddedHeight, minScore, 1, 1, 0, 0, into);
        return into.candidates();
    }

    /**
     * As {@link #decode(Map, int, int, double)}, each candidate mapped to the frame ({@code x * sx + dx},
     * {@code y * sy + dy}) and appended to {@code into} (made for {@value #LANDMARKS} landmarks). Mapped here, once
     * per candidate kept, and into columns, because a crowd gives thousands a frame: objects for each, and mapping
     * them afterwards, cost more than the network run on the small scales.
     */
    static void decode(Map<String, OutputTensor> outputs, int paddedWidth, int paddedHeight, double minScore,
                       double sx, double sy, double dx, double dy, CandidateColumns into) {
        if (paddedWidth % ALIGNMENT != 0 || paddedHeight % ALIGNMENT != 0 || paddedWidth <= 0 || paddedHeight <= 0) {
            throw new IllegalArgumentException("YuNet's input must be a positive multiple of " + ALIGNMENT + " on both"
                    + " sides, not " + paddedWidth + "x" + paddedHeight);
        }
        for (int stride : STRIDES) {
            int cols = paddedWidth / stride;
            int rows = paddedHeight / stride;
            int cells = cols * rows;
            float[] cls = values(outputs, "cls_" + stride, cells, 1);
            float[] obj = values(outputs, "obj_" + stride, cells, 1);
            float[] bbox = values(outputs, "bbox_" + stride, cells, 4);
            float[] kps = values(outputs, "kps_" + stride, cells, 2 * LANDMARKS);
            for (int idx = 0; idx < cells; idx++) {
                double score = Math.sqrt(clamp(cls[idx]) * clamp(obj[idx]));
                if (score < minScore) {
                    continue;
                }
                int r = idx / cols;
                int c = idx % cols;
                double cx = (c + bbox[idx * 4]) * stride;
                double cy = (r + bbox[idx * 4 + 1]) * stride;
                double w = Math.exp(bbox[idx * 4 + 2]) * stride;
                double h = Math.exp(bbox[idx * 4 + 3]) * stride;
                if (!Double.isFinite(cx + cy + w + h)) {
                    continue;
                }
                int row = into.add((cx - w / 2) * sx + dx, (cy - h / 2) * sy + dy, (cx + w / 2) * sx + dx,
                        (cy + h / 2) * sy + dy, score);
                for (int n = 0; n < LANDMARKS; n++) {
                    double lx = (kps[idx * 10 + 2 * n] + c) * (double) stride;
                    double ly = (kps[idx * 10 + 2 * n + 1] + r) * (double) stride;
                    if (Double.isFinite(lx + ly)) {
                        into.point(row, n, lx * sx + dx, ly * sy + dy);
                    } else {
                        into.point(row, n, cx * sx + dx, cy * sy + dy);
                    }
                }
            }
        }
    }

    private static float[] values(Map<String, OutputTensor> outputs, String name, int cells, int perCell) {
        OutputTensor t = outputs.get(name);
        if (t == null) {
            throw new IllegalStateException("the network has no output " + name + " (YuNet's are " + outputNames()
                    + "; it has " + outputs.keySet() + ")");
        }
        if (t.batch() != 1 || t.values().length != cells * perCell || t.lastDim() != perCell) {
            throw new IllegalStateException("output " + name + " is " + t + ", not YuNet's 1x" + cells + "x" + perCell
                    + " for this input");
        }
        return t.values();
    }

    private static double clamp(float v) {
        return v < 0 ? 0 : v > 1 ? 1 : v;
    }
}
