package dev.veil.inference.blazeface;

import java.util.ArrayList;
import java.util.List;

/**
 * The SSD anchors BlazeFace's outputs are relative to, generated exactly as MediaPipe's
 * {@code SsdAnchorsCalculator} does with the options of its face detection graphs: aspect ratio 1 only,
 * {@code fixed_anchor_size: true} (so every anchor is 1x1 and only its centre matters), anchor offset 0.5.
 *
 * <p>Consecutive layers that share a stride share one feature map; each layer adds one anchor per aspect ratio
 * per cell, plus one more when {@code interpolated_scale_aspect_ratio} is positive. Short range
 * (128, strides 8,16,16,16, interpolated 1.0): 16x16x2 + 8x8x6 = 896. Full range (192, stride 4, no
 * interpolated anchor): 48x48x1 = 2304.
 */
final class BlazeFaceAnchors {

    private static final double ANCHOR_OFFSET = 0.5;

    /** An anchor centre, normalized to the model input (0..1). */
    record Anchor(double xCenter, double yCenter) {
    }

    private BlazeFaceAnchors() {
    }

    static List<Anchor> generate(int inputWidth, int inputHeight, int[] strides, boolean interpolatedAnchor) {
        List<Anchor> anchors = new ArrayList<>();
        int layer = 0;
        while (layer < strides.length) {
            int perCell = 0;
            int last = layer;
            while (last < strides.length && strides[last] == strides[layer]) {
                perCell += 1 + (interpolatedAnchor ? 1 : 0);
                last++;
            }
            int mapHeight = (int) Math.ceil((double) inputHeight / strides[layer]);
            int mapWidth = (int) Math.ceil((double) inputWidth / strides[layer]);
            for (int y = 0; y < mapHeight; y++) {
                for (int x = 0; x < mapWidth; x++) {
                    for (int a = 0; a < perCell; a++) {
                        anchors.add(new Anchor((x + ANCHOR_OFFSET) / mapWidth, (y + ANCHOR_OFFSET) / mapHeight));
                    }
                }
            }
            layer = last;
        }
        return List.copyOf(anchors);
    }
}
