package dev.veil.inference.network;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import dev.veil.stage.Placement;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.bytedeco.javacpp.FloatPointer;

/**
 * A YOLO network on ONNX Runtime's CPU provider: the default CPU engine, about six times faster than OpenCV DNN
 * on the same model here (docs/detectors.md). A model with a dynamic batch dimension runs a whole batch in one
 * call; one with a fixed batch runs it that many images at a time (the shared YOLOv5-face file: one).
 */
public final class OnnxRuntimeEngine implements YoloEngine {

    private final OrtEnvironment env;
    private final OrtSession.SessionOptions options;
    private final OrtSession session;
    private final String inputName;
    private final List<String> outputNames;
    private final int inputSize;
    private final int capacity;
    /** Images per session run: the model's fixed batch, or 0 when it is dynamic. */
    private final int modelBatch;
    private final FloatPointer input;
    private final FloatBuffer inputBuffer;

    /**
     * @param capacity most images per {@link #run}
     * @param threads  ONNX Runtime's intra-op threads (the cores the pod may use)
     * @throws IllegalArgumentException when the file does not load or its input is not {@code Nx3xSxS} at this size
     */
    public OnnxRuntimeEngine(Path model, int inputSize, int capacity, int threads) {
        this.inputSize = inputSize;
        this.capacity = capacity;
        this.env = OnnxRuntimeEnvironment.get();
        OrtSession.SessionOptions opts = null;
        OrtSession s = null;
        try {
            opts = OnnxRuntimeEnvironment.sessionOptions(threads);
            OrtSession.SessionOptions options = opts;
            s = OnnxRuntimeEnvironment.createSession(() -> env.createSession(model.toString(), options));
            if (s.getInputNames().size() != 1) {
                throw new IllegalArgumentException("a YOLO model has one input, " + model.getFileName() + " has "
                        + s.getInputNames());
            }
            this.inputName = s.getInputNames().iterator().next();
            NodeInfo info = s.getInputInfo().get(inputName);
            long[] shape = ((TensorInfo) info.getInfo()).getShape();
            if (shape.length != 4 || !(shape[1] == 3 || shape[1] < 0) || !fits(shape[2], inputSize)
                    || !fits(shape[3], inputSize)) {
                throw new IllegalArgumentException("model input " + inputName + " is " + Arrays.toString(shape)
                        + ", not Nx3x" + inputSize + "x" + inputSize + " (set VEIL_MODEL_INPUT_SIZE to the size it was"
                        + " exported at)");
            }
            this.modelBatch = shape[0] > 0 ? (int) shape[0] : 0;
            this.outputNames = List.copyOf(s.getOutputNames());
        } catch (OrtException | RuntimeException e) {
            OnnxRuntimeEnvironment.close(s, opts);
            throw new IllegalArgumentException(model + " does not load in ONNX Runtime: " + e.getMessage(), e);
        }
        this.options = opts;
        this.session = s;
        int slots = modelBatch == 0 ? capacity : (capacity + modelBatch - 1) / modelBatch * modelBatch;
        this.input = new FloatPointer((long) slots * 3 * inputSize * inputSize);
        this.inputBuffer = input.asBuffer();
    }

    private static boolean fits(long dim, int size) {
        return dim < 0 || dim == size;
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
        int step = modelBatch == 0 ? count : modelBatch;
        int perImage = 3 * inputSize * inputSize;
        List<List<OutputTensor>> chunks = new ArrayList<>();
        for (int start = 0; start < count; start += step) {
            FloatBuffer slice = inputBuffer.duplicate().position(start * perImage).limit((start + step) * perImage).slice();
            long[] shape = {step, 3, inputSize, inputSize};
            try (OnnxTensor tensor = OnnxTensor.createTensor(env, slice, shape);
                 OrtSession.Result result = session.run(Map.of(inputName, tensor))) {
                List<OutputTensor> outputs = new ArrayList<>(outputNames.size());
                for (String name : outputNames) {
                    OnnxValue value = result.get(name).orElseThrow();
                    outputs.add(OnnxRuntimeNetwork.tensor(name, value).first(Math.min(step, count - start)));
                }
                chunks.add(outputs);
            } catch (OrtException e) {
                throw new IllegalStateException("ONNX Runtime failed: " + e.getMessage(), e);
            }
        }
        return OutputTensor.concatEach(chunks);
    }

    @Override
    public Placement placement() {
        return Placement.cpu("onnxruntime");
    }

    @Override
    public String describe() {
        return "onnxruntime cpu";
    }

    @Override
    public void close() {
        OnnxRuntimeEnvironment.close(session, options);
        input.close();
    }
}
