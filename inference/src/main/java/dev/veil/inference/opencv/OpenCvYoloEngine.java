package dev.veil.inference.opencv;

import static org.bytedeco.opencv.global.opencv_core.CV_32F;
import static org.bytedeco.opencv.global.opencv_dnn.readNetFromONNX;

import dev.veil.inference.network.FailureReason;
import dev.veil.inference.network.NativeAddress;
import dev.veil.inference.network.OutputTensor;
import dev.veil.inference.network.YoloEngine;
import dev.veil.stage.Placement;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.MatVector;
import org.bytedeco.opencv.opencv_core.StringVector;
import org.bytedeco.opencv.opencv_dnn.Net;

/**
 * A YOLO network on OpenCV DNN, one image per forward: exported YOLO files fix their batch at one in their
 * reshapes, which OpenCV follows. On the CPU it is kept as {@code VEIL_CPU_RUNTIME=opencv} for comparison (ONNX
 * Runtime is faster there); on CUDA it is the GPU runtime where TensorRT cannot build. The first run on CUDA checks
 * that OpenCV really put the network there ({@link LayerPlacement#check}).
 */
public final class OpenCvYoloEngine implements YoloEngine {

    private final Net net;
    private final StringVector outputNames;
    private final int inputSize;
    private final int capacity;
    private final FloatPointer input;
    private final DnnTarget target;
    private final Placement placement;
    private boolean checked;

    /** On OpenCV's CPU backend. @throws IllegalArgumentException when the file does not load as an ONNX network */
    public OpenCvYoloEngine(Path model, int inputSize, int capacity) {
        this(model, inputSize, capacity, DnnTarget.CPU, Placement.cpu(DnnTarget.CPU.runtime()));
    }

    /** On the target given, described by {@code placement}. @throws IllegalArgumentException as above */
    public OpenCvYoloEngine(Path model, int inputSize, int capacity, DnnTarget target, Placement placement) {
        this.inputSize = inputSize;
        this.capacity = capacity;
        this.target = target;
        this.placement = placement;
        try {
            this.net = readNetFromONNX(model.toString());
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(model + " does not load as an ONNX network: " + FailureReason.message(e), e);
        }
        if (net.empty()) {
            net.close();
            throw new IllegalArgumentException(model + " does not load as an ONNX network");
        }
        target.applyTo(net);
        this.outputNames = net.getUnconnectedOutLayersNames();
        this.input = new FloatPointer((long) capacity * 3 * inputSize * inputSize);
    }

    @Override
    public int inputSize() {
        return inputSize;
    }

    @Override
    public int capacity() {
        return capacity;
    }

    @Override
    public FloatPointer input() {
        return input;
    }

    @Override
    public List<OutputTensor> run(int count) {
        YoloEngine.requireRunSize(count, capacity);
        long perImage = 3L * inputSize * inputSize;
        List<List<OutputTensor>> perImageOutputs = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            try (Mat blob = new Mat(new int[]{1, 3, inputSize, inputSize}, CV_32F);
                 MatVector outs = new MatVector()) {
                Pointer.memcpy(blob.data(), NativeAddress.of(input, i * perImage * Float.BYTES), perImage * Float.BYTES);
                net.setInput(blob);
                net.forward(outs, outputNames);
                if (!checked && target.onGpu()) {
                    LayerPlacement.check(net, target, "the YOLO model");
                }
                checked = true;
                perImageOutputs.add(OutputTensor.copyOf(outs));
            }
        }
        return OutputTensor.concatEach(perImageOutputs);
    }

    @Override
    public String describe() {
        return target.onGpu() ? placement.label() : "opencv cpu";
    }

    @Override
    public Placement placement() {
        return placement;
    }

    @Override
    public void close() {
        outputNames.close();
        net.close();
        input.close();
    }
}
