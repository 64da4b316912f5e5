package dev.veil.inference.network;

import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.veil.stage.Placement;
import java.nio.FloatBuffer;
import java.util.LinkedHashMap;
import java.util.Map;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * An {@link OnnxNetwork} on ONNX Runtime's CPU provider. The blob's memory is handed to ONNX Runtime as it is (a
 * direct buffer, no copy). Its worker threads sleep between runs instead of spinning: in a pipeline the other
 * stages need those cores (a spinning pool measurably slowed {@code veil run} on two cores).
 */
public final class OnnxRuntimeNetwork implements OnnxNetwork {

    private final OrtEnvironment env;
    private final OrtSession.SessionOptions options;
    private final OrtSession session;
    private final String inputName;
    private final String name;

    /**
     * @param model   the ONNX file's bytes
     * @param name    the model's name, for errors
     * @param threads ONNX Runtime's intra-op threads
     * @throws IllegalArgumentException when the bytes do not load as a network with one input
     */
    public OnnxRuntimeNetwork(byte[] model, String name, int threads) {
        this.env = OnnxRuntimeEnvironment.get();
        this.name = name;
        OrtSession.SessionOptions opts = null;
        OrtSession s = null;
        try {
            opts = OnnxRuntimeEnvironment.sessionOptions(threads);
            opts.addConfigEntry("session.intra_op.allow_spinning", "0");
            s = env.createSession(model, opts);
            if (s.getInputNames().size() != 1) {
                throw new IllegalArgumentException("it has " + s.getInputNames().size() + " inputs, not one");
            }
            this.inputName = s.getInputNames().iterator().next();
        } catch (OrtException | RuntimeException e) {
            OnnxRuntimeEnvironment.close(s, opts);
            throw new IllegalArgumentException(name + " does not load in ONNX Runtime: " + e.getMessage(), e);
        }
        this.session = s;
        this.options = opts;
    }

    @Override
    public Map<String, OutputTensor> run(Mat blob) {
        if (blob.dims() != 4 || !blob.isContinuous()) {
            throw new IllegalArgumentException("expected a continuous NCHW blob, got " + blob.dims() + " dimensions");
        }
        long[] shape = {blob.size(0), blob.size(1), blob.size(2), blob.size(3)};
        long total = shape[0] * shape[1] * shape[2] * shape[3];
        try (FloatPointer data = new FloatPointer(blob.data())) {
            FloatBuffer buffer = data.capacity(total).asBuffer();
            try (OnnxTensor tensor = OnnxTensor.createTensor(env, buffer, shape);
                 OrtSession.Result result = session.run(Map.of(inputName, tensor))) {
                Map<String, OutputTensor> outputs = new LinkedHashMap<>();
                for (Map.Entry<String, OnnxValue> e : result) {
                    outputs.put(e.getKey(), tensor(e.getKey(), e.getValue()));
                }
                return outputs;
            } catch (OrtException e) {
                throw new IllegalStateException("ONNX Runtime failed on " + name + ": " + e.getMessage(), e);
            }
        }
    }

    /** An ONNX Runtime output copied to the heap; {@link IllegalStateException} when it is not a float tensor. */
    static OutputTensor tensor(String name, OnnxValue value) {
        if (!(value instanceof OnnxTensor tensor) || tensor.getInfo().type != OnnxJavaType.FLOAT) {
            throw new IllegalStateException("output " + name + " is not a float tensor");
        }
        long[] shape = tensor.getInfo().getShape();
        int[] dims = new int[shape.length];
        for (int i = 0; i < shape.length; i++) {
            dims[i] = Math.toIntExact(shape[i]);
        }
        FloatBuffer data = tensor.getFloatBuffer();
        float[] values = new float[data.remaining()];
        data.get(values);
        return new OutputTensor(dims, values);
    }

    @Override
    public String describe() {
        return "onnxruntime cpu";
    }

    @Override
    public Placement placement() {
        return Placement.cpu("onnxruntime");
    }

    @Override
    public void close() {
        OnnxRuntimeEnvironment.close(session, options);
    }
}
