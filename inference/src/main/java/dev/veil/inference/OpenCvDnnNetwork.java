package dev.veil.inference;

import static org.bytedeco.opencv.global.opencv_dnn.readNetFromONNX;

import java.util.LinkedHashMap;
import java.util.Map;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.MatVector;
import org.bytedeco.opencv.opencv_core.StringVector;
import org.bytedeco.opencv.opencv_dnn.Net;

/** An {@link OnnxNetwork} on OpenCV DNN's CPU backend ({@code VEIL_CPU_RUNTIME=opencv}). */
final class OpenCvDnnNetwork implements OnnxNetwork {

    private final BytePointer modelBytes;
    private final Net net;
    private final StringVector outputNames;

    /** @throws IllegalArgumentException when the bytes do not load as an ONNX network */
    OpenCvDnnNetwork(byte[] model, String name) {
        BytePointer bytes = new BytePointer(model);
        Net loaded;
        try {
            loaded = readNetFromONNX(bytes, model.length);
        } catch (RuntimeException e) {
            bytes.close();
            throw new IllegalArgumentException(name + " does not load in OpenCV DNN: " + FailureReason.message(e), e);
        }
        if (loaded.empty()) {
            loaded.close();
            bytes.close();
            throw new IllegalArgumentException(name + " does not load in OpenCV DNN");
        }
        this.modelBytes = bytes;
        this.net = loaded;
        this.outputNames = loaded.getUnconnectedOutLayersNames();
    }

    @Override
    public Map<String, OutputTensor> run(Mat blob) {
        try (MatVector outs = new MatVector()) {
            net.setInput(blob);
            net.forward(outs, outputNames);
            Map<String, OutputTensor> outputs = new LinkedHashMap<>();
            for (long i = 0; i < outs.size(); i++) {
                try (Mat m = outs.get(i)) {
                    outputs.put(name(i), OutputTensor.copyOf(m));
                }
            }
            return outputs;
        }
    }

    /** Output {@code i}'s name; JavaCPP's string may end with the C string's NUL, which is not part of it. */
    private String name(long i) {
        String raw = outputNames.get(i).getString();
        int end = raw.indexOf('\0');
        return end < 0 ? raw : raw.substring(0, end);
    }

    @Override
    public String describe() {
        return "opencv cpu";
    }

    @Override
    public void close() {
        outputNames.close();
        net.close();
        modelBytes.close();
    }
}
