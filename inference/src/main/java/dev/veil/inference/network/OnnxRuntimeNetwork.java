package dev.veil.inference.network;

import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.veil.stage.Placement;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * An {@link OnnxNetwork} on ONNX Runtime's CPU provider. The blob's memory is handed to ONNX Runtime as it is (a
 * direct buffer, no copy); its outputs are written into buffers kept per input size and handed to the reader as
 * the same arrays every run. Its worker threads sleep between runs instead of spinning: in a pipeline the other
 * stages need those cores (a spinning pool measurably slowed {@code veil run} on two cores). Not thread-safe.
 */
public final class OnnxRuntimeNetwork implements OnnxNetwork {

    /**
     * What ONNX Runtime's worker threads are called in the operating system (Linux keeps 15 bytes of a name): their
     * sessions are made on a thread of that name ({@link OnnxRuntimeEnvironment#createSession}).
     */
    public static final String WORKER_THREAD_NAME = "onnxruntime";

    private final OrtEnvironment env;
    private final OrtSession.SessionOptions options;
    private final OrtSession session;
    private final String inputName;
    private final String name;
    /** Output buffers by input shape, oldest first; YuNet's three scales use three. */
    private final Map<List<Long>, PinnedOutputs> pinned = new LinkedHashMap<>();
    private static final int MAX_PINNED_SHAPES = 8;

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
            OrtSession.SessionOptions options = opts;
            s = OnnxRuntimeEnvironment.createSession(() -> env.createSession(model, options));
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
    public <T> T run(Mat blob, Function<Map<String, OutputTensor>, T> reader) {
        if (blob.dims() != 4 || !blob.isContinuous()) {
            throw new IllegalArgumentException("expected a continuous NCHW blob, got " + blob.dims() + " dimensions");
        }
        long[] shape = {blob.size(0), blob.size(1), blob.size(2), blob.size(3)};
        long total = shape[0] * shape[1] * shape[2] * shape[3];
        List<Long> key = List.of(shape[0], shape[1], shape[2], shape[3]);
        try (FloatPointer data = new FloatPointer(blob.data())) {
            FloatBuffer buffer = data.capacity(total).asBuffer();
            try (OnnxTensor tensor = OnnxTensor.createTensor(env, buffer, shape)) {
                PinnedOutputs outputs = pinned.get(key);
                if (outputs != null) {
                    try (OrtSession.Result ignored = session.run(Map.of(inputName, tensor), outputs.tensors)) {
                        return reader.apply(outputs.read());
                    } catch (OrtException e) {
                        // Learned again from the next run at this size (outputs whose size depends on the data).
                        pinned.remove(key).close();
                        throw e;
                    }
                }
                try (OrtSession.Result result = session.run(Map.of(inputName, tensor))) {
                    Map<String, OutputTensor> copies = new LinkedHashMap<>();
                    for (Map.Entry<String, OnnxValue> e : result) {
                        copies.put(e.getKey(), tensor(e.getKey(), e.getValue()));
                    }
                    pin(key, copies);
                    return reader.apply(copies);
                }
            } catch (OrtException e) {
                throw new IllegalStateException("ONNX Runtime failed on " + name + ": " + e.getMessage(), e);
            }
        }
    }

    /**
     * Output buffers for later runs at this input size, shaped as this run's outputs: ONNX Runtime writes into them
     * and the reader gets them as the same arrays each time. Fresh buffers for every run cost more than the copy
     * itself: on the build machine a new 1.2 MB array took about 4 ms to touch (its pages come from the host on
     * first use), a reused one 0.03 ms.
     */
    private void pin(List<Long> key, Map<String, OutputTensor> like) throws OrtException {
        PinnedOutputs outputs = new PinnedOutputs();
        try {
            for (Map.Entry<String, OutputTensor> e : like.entrySet()) {
                outputs.add(env, e.getKey(), e.getValue().shape());
            }
        } catch (OrtException | RuntimeException e) {
            outputs.close();
            throw e;
        }
        pinned.put(key, outputs);
        if (pinned.size() > MAX_PINNED_SHAPES) {
            Iterator<PinnedOutputs> oldest = pinned.values().iterator();
            oldest.next().close();
            oldest.remove();
        }
    }

    /** One input size's outputs: direct buffers ONNX Runtime fills, and the heap arrays the reader sees. */
    private static final class PinnedOutputs implements AutoCloseable {
        private final Map<String, OnnxTensor> tensors = new LinkedHashMap<>();
        private final Map<String, FloatBuffer> buffers = new LinkedHashMap<>();
        private final Map<String, OutputTensor> views = new LinkedHashMap<>();

        void add(OrtEnvironment env, String name, int[] shape) throws OrtException {
            long[] dims = new long[shape.length];
            int count = 1;
            for (int i = 0; i < shape.length; i++) {
                dims[i] = shape[i];
                count = Math.multiplyExact(count, shape[i]);
            }
            FloatBuffer buffer = ByteBuffer.allocateDirect(Math.multiplyExact(count, Float.BYTES))
                    .order(ByteOrder.nativeOrder()).asFloatBuffer();
            tensors.put(name, OnnxTensor.createTensor(env, buffer, dims));
            buffers.put(name, buffer);
            views.put(name, new OutputTensor(shape.clone(), new float[count]));
        }

        Map<String, OutputTensor> read() {
            for (Map.Entry<String, OutputTensor> e : views.entrySet()) {
                buffers.get(e.getKey()).get(0, e.getValue().values());
            }
            return views;
        }

        @Override
        public void close() {
            tensors.values().forEach(OnnxTensor::close);
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
        pinned.values().forEach(PinnedOutputs::close);
        pinned.clear();
        OnnxRuntimeEnvironment.close(session, options);
    }
}
