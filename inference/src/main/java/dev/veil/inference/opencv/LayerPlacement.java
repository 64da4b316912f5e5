package dev.veil.inference.opencv;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.opencv.opencv_dnn.Net;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which backend and target each layer of an OpenCV DNN network ran on, as {@code Net.dump()} marks them after a run
 * ({@code OCV/CPU}, {@code CUDA/CUDA_FP16}, ... per node of its graph). OpenCV's CUDA backend runs a layer it does
 * not support on the CPU, and the whole network there when CUDA cannot start, with no more than a warning on the
 * console: this is how the vertex finds out instead of labelling CPU work as the GPU's.
 *
 * @param layers label to the number of graph nodes (a layer, or layers fused into one) marked with it
 */
record LayerPlacement(Map<String, Integer> layers) {

    private static final Logger log = LoggerFactory.getLogger(LayerPlacement.class);

    private static final Pattern LABEL = Pattern.compile(
            "(DEFAULT|OpenVINO|OCV|VULKAN|CUDA|WEBNN|TIMVX|CANN)/(CPU_FP16|CPU|OCL_FP16|OCL|MYRIAD|HDDL|VULKAN|FPGA"
                    + "|CUDA_FP16|CUDA|NPU)\\\\n");

    LayerPlacement {
        layers = Collections.unmodifiableMap(new TreeMap<>(layers));
    }

    /** The placement a dump of a network that has run shows. */
    static LayerPlacement of(String dump) {
        Map<String, Integer> counts = new TreeMap<>();
        Matcher m = LABEL.matcher(dump);
        while (m.find()) {
            counts.merge(m.group(1) + "/" + m.group(2), 1, Integer::sum);
        }
        return new LayerPlacement(counts);
    }

    /**
     * Where a network that has just run on {@code target} put its layers. None on the target is a failure (CUDA did
     * not start, and OpenCV ran it all on the CPU); some elsewhere is one warning line naming them.
     *
     * @param what the network, for the messages
     * @throws IllegalStateException when no layer ran on the target
     */
    static LayerPlacement check(Net net, DnnTarget target, String what) {
        LayerPlacement layers;
        try (BytePointer dump = net.dump()) {
            layers = of(dump.getString());
        }
        String expected = target.layerLabel();
        if (layers.on(expected) == 0) {
            throw new IllegalStateException("OpenCV ran " + what + " on the CPU, not " + expected + " (its layers: "
                    + layers + "): its CUDA backend did not start");
        }
        if (layers.elsewhere(expected) > 0) {
            log.atWarn().addKeyValue("network", what).addKeyValue("layers", layers)
                    .log("OpenCV runs some layers on the CPU, the rest on CUDA");
        }
        return layers;
    }

    int total() {
        return layers.values().stream().mapToInt(Integer::intValue).sum();
    }

    /** Nodes marked with this label, e.g. {@code CUDA/CUDA_FP16}. */
    int on(String label) {
        return layers.getOrDefault(label, 0);
    }

    /** Nodes not marked with this label. */
    int elsewhere(String label) {
        return total() - on(label);
    }

    @Override
    public String toString() {
        return layers.toString();
    }
}
