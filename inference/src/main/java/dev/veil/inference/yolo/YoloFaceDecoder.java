package dev.veil.inference.yolo;

import dev.veil.inference.detect.Candidate;
import dev.veil.inference.detect.Landmark;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns YOLO face output tensors into candidates in model-input pixels.
 *
 * <p>YOLOv5-face: each row has 16 values: box centre x, y, width, height, objectness, five landmarks (x, y) and
 * the face class score. Two layouts exist. The raw heads (what the training code exports by default) are three
 * tensors {@code 1x3xHxWx16}, one per stride 8/16/32, still to be passed through a sigmoid and decoded against
 * the grid and the anchors. The "exported" layout is one {@code 1xNx16} tensor already decoded to pixels.
 *
 * <p>YOLOv8-face (anchor-free, decoded inside the graph): one {@code 1xCxN} tensor, channel-major: box centre x,
 * y, width, height and the face score for {@code C = 5}; for {@code C = 20} five key points follow, each x, y and
 * a visibility that is not used.
 */
final class YoloFaceDecoder {

    /** Values per row. */
    static final int ROW = 16;
    /** Anchors per grid cell. */
    static final int ANCHORS_PER_CELL = 3;

    /** yolov5-face's anchors (width, height in input pixels) for strides 8, 16 and 32. */
    private static final double[][] ANCHORS = {
            {4, 5, 8, 10, 13, 16},
            {23, 29, 43, 55, 73, 105},
            {146, 217, 231, 300, 335, 433},
    };

    private YoloFaceDecoder() {
    }

    /** The anchors (w0, h0, w1, h1, w2, h2) of the head with this stride. */
    static double[] anchors(int stride) {
        return switch (stride) {
            case 8 -> ANCHORS[0].clone();
            case 16 -> ANCHORS[1].clone();
            case 32 -> ANCHORS[2].clone();
            default -> throw new IllegalArgumentException("YOLOv5-face has heads of stride 8, 16 and 32, not " + stride);
        };
    }

    /**
     * Decodes one raw head laid out {@code [anchor][y][x][16]}. As in yolov5-face's {@code Detect} layer:
     * box and scores go through a sigmoid, {@code xy = (2s - 0.5 + grid) * stride},
     * {@code wh = (2s)^2 * anchor}; landmarks do not: {@code p = raw * anchor + grid * stride}.
     * Keeps rows whose score (objectness times face class) is at least {@code minScore}.
     */
    static List<Candidate> decodeRawHead(float[] head, int gridHeight, int gridWidth, int stride, double minScore) {
        int expected = ANCHORS_PER_CELL * gridHeight * gridWidth * ROW;
        if (head.length < expected) {
            throw new IllegalArgumentException("head of " + gridHeight + "x" + gridWidth + " needs " + expected
                    + " values, got " + head.length);
        }
        double[] anchors = anchors(stride);
        List<Candidate> out = new ArrayList<>();
        int i = 0;
        for (int a = 0; a < ANCHORS_PER_CELL; a++) {
            double anchorW = anchors[2 * a];
            double anchorH = anchors[2 * a + 1];
            for (int gy = 0; gy < gridHeight; gy++) {
                for (int gx = 0; gx < gridWidth; gx++, i += ROW) {
                    double objectness = sigmoid(head[i + 4]);
                    if (!(objectness >= minScore)) {
                        continue; // the score is objectness times a probability, so it cannot reach minScore
                    }
                    double score = objectness * sigmoid(head[i + 15]);
                    if (!(score >= minScore)) { // also skips NaN
                        continue;
                    }
                    double cx = (sigmoid(head[i]) * 2 - 0.5 + gx) * stride;
                    double cy = (sigmoid(head[i + 1]) * 2 - 0.5 + gy) * stride;
                    double w = square(sigmoid(head[i + 2]) * 2) * anchorW;
                    double h = square(sigmoid(head[i + 3]) * 2) * anchorH;
                    List<Landmark> landmarks = new ArrayList<>(5);
                    for (int k = 0; k < 5; k++) {
                        landmarks.add(new Landmark(head[i + 5 + 2 * k] * anchorW + gx * stride,
                                head[i + 6 + 2 * k] * anchorH + gy * stride));
                    }
                    out.add(Candidate.ofCentre(cx, cy, w, h, score, landmarks));
                }
            }
        }
        return out;
    }

    /** Decodes the exported layout: {@code rows} rows already in input pixels with sigmoid scores. */
    static List<Candidate> decodeExported(float[] rows, int count, double minScore) {
        if (rows.length < count * ROW) {
            throw new IllegalArgumentException(count + " rows need " + count * ROW + " values, got " + rows.length);
        }
        List<Candidate> out = new ArrayList<>();
        for (int r = 0, i = 0; r < count; r++, i += ROW) {
            double score = (double) rows[i + 4] * rows[i + 15];
            if (!(score >= minScore) || !(rows[i + 2] > 0) || !(rows[i + 3] > 0)) {
                continue;
            }
            List<Landmark> landmarks = new ArrayList<>(5);
            for (int k = 0; k < 5; k++) {
                landmarks.add(new Landmark(rows[i + 5 + 2 * k], rows[i + 6 + 2 * k]));
            }
            out.add(Candidate.ofCentre(rows[i], rows[i + 1], rows[i + 2], rows[i + 3], score, landmarks));
        }
        return out;
    }

    /** Channels of a YOLOv8 face output without and with its five key points. */
    static final int V8_BOX_ONLY = 5;
    static final int V8_WITH_LANDMARKS = 20;

    /**
     * Decodes a YOLOv8 output laid out {@code [channel][candidate]}: {@code channels} (5 or 20) rows of
     * {@code count} values. Scores are already probabilities; boxes and key points are in input pixels.
     */
    static List<Candidate> decodeV8(float[] values, int channels, int count, double minScore) {
        if (channels != V8_BOX_ONLY && channels != V8_WITH_LANDMARKS) {
            throw new IllegalArgumentException("YOLOv8 face outputs have 5 or 20 channels, not " + channels);
        }
        if (values.length < channels * count) {
            throw new IllegalArgumentException(channels + "x" + count + " needs " + channels * count + " values, got "
                    + values.length);
        }
        List<Candidate> out = new ArrayList<>();
        for (int j = 0; j < count; j++) {
            double score = values[4 * count + j];
            double w = values[2 * count + j];
            double h = values[3 * count + j];
            if (!(score >= minScore) || !(w > 0) || !(h > 0)) {
                continue;
            }
            List<Landmark> landmarks = new ArrayList<>(5);
            if (channels == V8_WITH_LANDMARKS) {
                for (int k = 0; k < 5; k++) {
                    landmarks.add(new Landmark(values[(5 + 3 * k) * count + j], values[(6 + 3 * k) * count + j]));
                }
            }
            out.add(Candidate.ofCentre(values[j], values[count + j], w, h, score, landmarks));
        }
        return out;
    }

    static double sigmoid(double x) {
        return 1.0 / (1.0 + Math.exp(-x));
    }

    private static double square(double x) {
        return x * x;
    }
}
