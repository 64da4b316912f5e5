package dev.veil.inference;

import static org.bytedeco.opencv.global.opencv_core.CV_32F;
import static org.bytedeco.opencv.global.opencv_dnn.readNetFromONNX;

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
 * A YOLO network on OpenCV DNN (CPU), one image per forward: exported YOLO files fix their batch at one in their
 * reshapes, which OpenCV follows. Kept as {@code VEIL_CPU_RUNTIME=opencv} for comparison; ONNX Runtime is faster.
 */
final class OpenCvYoloEngine implements YoloEngine {

    private final Net net;
    private final StringVector outputNames;
    private final int inputSize;
    private final int capacity;
    private final FloatPointer input;

    /** @throws IllegalArgumentException when the file does not load as an ONNX network */
    OpenCvYoloEngine(Path model, int inputSize, int capacity) {
        this.inputSize = inputSize;
        this.capacity = capacity;
        try {
            this.net = readNetFromONNX(model.toString());
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(model + " does not load as an ONNX network: " + FailureReason.message(e), e);
        }
        if (net.empty()) {
            net.close();
            throw new IllegalArgumentException(model + " does not load as an ONNX network");
        }
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
                perImageOutputs.add(OutputTensor.copyOf(outs));
            }
        }
        List<OutputTensor> out = new ArrayList<>();
        for (int o = 0; o < perImageOutputs.get(0).size(); o++) {
            int index = o;
            out.add(OutputTensor.concat(perImageOutputs.stream().map(l -> l.get(index)).toList()));
        }
        return out;
    }

    @Override
    public String describe() {
        return "opencv cpu";
    }

    @Override
    public void close() {
        outputNames.close();
        net.close();
        input.close();
    }
}
