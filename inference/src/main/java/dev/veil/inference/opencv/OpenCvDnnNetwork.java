package dev.veil.inference.opencv;

import static org.bytedeco.opencv.global.opencv_dnn.readNetFromONNX;

import dev.veil.inference.network.FailureReason;
import dev.veil.inference.network.OnnxNetwork;
import dev.veil.inference.network.OutputTensor;
import dev.veil.stage.Placement;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.MatVector;
import org.bytedeco.opencv.opencv_core.StringVector;
import org.bytedeco.opencv.opencv_dnn.Net;

/**
 * An {@link OnnxNetwork} on OpenCV DNN: its CPU backend ({@code VEIL_CPU_RUNTIME=opencv}) or its CUDA backend.
 *
 * <p>On CUDA each input shape gets a network of its own: OpenCV sets a network up again whenever its input's shape
 * changes (on CUDA that is new cuDNN descriptors and workspaces, and the weights converted again for FP16), and
 * YuNet's scales change the shape at every run. The first run of each shape also checks where OpenCV put the layers
 * ({@link LayerPlacement#check}).
 */
public final class OpenCvDnnNetwork implements OnnxNetwork {

    /** Input shapes kept on CUDA at once (the least recently used goes): three YuNet scales of two frame sizes. */
    static final int MAX_SHAPES = 6;

    private final BytePointer modelBytes;
    private final long modelLength;
    private final String name;
    private final DnnTarget target;
    private final Placement placement;
    /** By input shape on CUDA; one entry under {@link #ANY_SHAPE} on the CPU, which reshapes cheaply. */
    private final Map<List<Integer>, Loaded> nets = new LinkedHashMap<>(8, 0.75f, true);
    private static final List<Integer> ANY_SHAPE = List.of();
    /** On CUDA, the network loaded at start-up, not yet given a shape. */
    private Loaded spare;

    private record Loaded(Net net, StringVector outputNames) {
        void close() {
            outputNames.close();
            net.close();
        }
    }

    /** On OpenCV's CPU backend. @throws IllegalArgumentException when the bytes do not load as an ONNX network */
    public OpenCvDnnNetwork(byte[] model, String name) {
        this(model, name, DnnTarget.CPU, Placement.cpu(DnnTarget.CPU.runtime()));
    }

    /**
     * On the target given; {@code placement} says what that is for logs and frames (the GPU's name on CUDA).
     *
     * @throws IllegalArgumentException when the bytes do not load as an ONNX network
     */
    public OpenCvDnnNetwork(byte[] model, String name, DnnTarget target, Placement placement) {
        this.modelBytes = new BytePointer(model);
        this.modelLength = model.length;
        this.name = name;
        this.target = target;
        this.placement = placement;
        try {
            // Loaded once here so that a file that is not a network fails at start-up on every target.
            Loaded first = load();
            if (target.onGpu()) {
                spare = first;
            } else {
                nets.put(ANY_SHAPE, first);
            }
        } catch (RuntimeException e) {
            modelBytes.close();
            throw e;
        }
    }

    private Loaded load() {
        Net loaded;
        try {
            loaded = readNetFromONNX(modelBytes, modelLength);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(name + " does not load in OpenCV DNN: " + FailureReason.message(e), e);
        }
        if (loaded.empty()) {
            loaded.close();
            throw new IllegalArgumentException(name + " does not load in OpenCV DNN");
        }
        target.applyTo(loaded);
        return new Loaded(loaded, loaded.getUnconnectedOutLayersNames());
    }

    @Override
    public <T> T run(Mat blob, Function<Map<String, OutputTensor>, T> reader) {
        List<Integer> shape = target.onGpu() ? shapeOf(blob) : ANY_SHAPE;
        Loaded loaded = nets.get(shape);
        boolean first = loaded == null;
        if (first) {
            loaded = spare != null ? spare : load();
            spare = null;
            nets.put(shape, loaded);
            evictBeyond(MAX_SHAPES);
        }
        try (MatVector outs = new MatVector()) {
            loaded.net().setInput(blob);
            loaded.net().forward(outs, loaded.outputNames());
            if (first && target.onGpu()) {
                LayerPlacement.check(loaded.net(), target, name + " at " + shape);
            }
            Map<String, OutputTensor> outputs = new LinkedHashMap<>();
            for (long i = 0; i < outs.size(); i++) {
                try (Mat m = outs.get(i)) {
                    outputs.put(name(loaded.outputNames(), i), OutputTensor.copyOf(m));
                }
            }
            return reader.apply(outputs);
        }
    }

    private void evictBeyond(int max) {
        var it = nets.entrySet().iterator();
        while (nets.size() > max && it.hasNext()) {
            it.next().getValue().close();
            it.remove();
        }
    }

    private static List<Integer> shapeOf(Mat blob) {
        Integer[] dims = new Integer[blob.dims()];
        for (int i = 0; i < dims.length; i++) {
            dims[i] = blob.size(i);
        }
        return Arrays.asList(dims);
    }

    /** Output {@code i}'s name; JavaCPP's string may end with the C string's NUL, which is not part of it. */
    private static String name(StringVector outputNames, long i) {
        String raw = outputNames.get(i).getString();
        int end = raw.indexOf('\0');
        return end < 0 ? raw : raw.substring(0, end);
    }

    @Override
    public Placement placement() {
        return placement;
    }

    @Override
    public String describe() {
        return target.onGpu() ? placement.label() : "opencv cpu";
    }

    @Override
    public void close() {
        nets.values().forEach(Loaded::close);
        nets.clear();
        if (spare != null) {
            spare.close();
            spare = null;
        }
        modelBytes.close();
    }
}
