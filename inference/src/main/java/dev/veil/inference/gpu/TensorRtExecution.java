package dev.veil.inference.gpu;

import static org.bytedeco.cuda.global.cudart.cudaMemcpyAsync;
import static org.bytedeco.cuda.global.cudart.cudaMemcpyDeviceToHost;
import static org.bytedeco.cuda.global.cudart.cudaMemcpyHostToDevice;
import static org.bytedeco.cuda.global.cudart.cudaStreamCreate;
import static org.bytedeco.cuda.global.cudart.cudaStreamDestroy;
import static org.bytedeco.cuda.global.cudart.cudaStreamSynchronize;

import dev.veil.inference.network.NativeAddress;
import dev.veil.inference.network.OutputTensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.bytedeco.cuda.cudart.CUstream_st;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.tensorrt.global.nvinfer.DataType;
import org.bytedeco.tensorrt.global.nvinfer.TensorIOMode;
import org.bytedeco.tensorrt.nvinfer.Dims64;
import org.bytedeco.tensorrt.nvinfer.ICudaEngine;
import org.bytedeco.tensorrt.nvinfer.IExecutionContext;

/**
 * A deserialized engine ready to run: its execution context, one CUDA stream, and {@link TensorRtBuffers} for its
 * largest call, one float32 input and float32 outputs whose first dimension is the image.
 *
 * <p>A run: for each enqueue, upload (host to device), {@code enqueueV3} and download (device to host), all
 * asynchronous on the stream, one synchronisation at the end. A model of fixed batch takes the run's images in
 * chunks of that batch; a model of free batch takes them in one enqueue. A new input shape (another batch, or
 * another picture size for a network of free height and width) is set on the context before its enqueue, and the
 * output shapes are read again. Any CUDA or TensorRT failure marks the execution broken and raises a
 * {@link GpuFailure}; after one, nothing is freed at close (the context may hang on any call, and the process is
 * about to exit: the driver frees everything with it).
 */
final class TensorRtExecution implements AutoCloseable {

    private final ICudaEngine engine;
    private final IExecutionContext context;
    private final CUstream_st stream;
    private final TensorRtBuffers buffers;
    private final String inputName;
    private final List<String> outputNames;
    /** Images per enqueue: the model's fixed batch, or 0 when it is free (then a run is one enqueue). */
    private final int modelBatch;
    private final long[] maxCallShape;
    private final int hostImages;
    private long[] currentShape;
    /** Per output, its shape for the current input shape, first dimension 1. */
    private List<long[]> outputShapes;
    private boolean broken;
    private boolean closed;

    private TensorRtExecution(ICudaEngine engine, IExecutionContext context, CUstream_st stream, TensorRtBuffers buffers,
                              String inputName, List<String> outputNames, int modelBatch, long[] maxCallShape,
                              int hostImages, long[] currentShape, List<long[]> outputShapes) {
        this.engine = engine;
        this.context = context;
        this.stream = stream;
        this.buffers = buffers;
        this.inputName = inputName;
        this.outputNames = List.copyOf(outputNames);
        this.modelBatch = modelBatch;
        this.maxCallShape = maxCallShape;
        this.hostImages = hostImages;
        this.currentShape = currentShape;
        this.outputShapes = outputShapes;
    }

    /**
     * Takes over the engine (frees it on close, or here if this fails) and prepares it for calls of up to
     * {@code maxCallShape} ({@code [images, channels, height, width]} at their largest) and runs of up to
     * {@code hostImages} images.
     *
     * @throws IllegalArgumentException when the engine's tensors are not what a detector feeds and reads
     * @throws GpuFailure               when CUDA fails
     */
    static TensorRtExecution prepare(ICudaEngine engine, long[] maxCallShape, int hostImages) {
        IExecutionContext context = null;
        CUstream_st stream = null;
        TensorRtBuffers buffers = null;
        try {
            context = engine.createExecutionContext();
            if (context == null || context.isNull()) {
                throw new GpuFailure("TensorRT could not create an execution context");
            }
            String inputName = null;
            List<String> outputNames = new ArrayList<>();
            for (int i = 0; i < engine.getNbIOTensors(); i++) {
                String name = engine.getIOTensorName(i);
                int mode = engine.getTensorIOMode(name).value;
                if (engine.getTensorDataType(name).value != DataType.kFLOAT.value) {
                    throw new IllegalArgumentException("tensor " + name + " is not float32");
                }
                if (mode == TensorIOMode.kINPUT.value) {
                    inputName = name;
                } else if (mode == TensorIOMode.kOUTPUT.value) {
                    outputNames.add(name);
                }
            }
            if (inputName == null || outputNames.isEmpty()) {
                throw new IllegalArgumentException("the engine has no input or no output");
            }
            long batchDim = engine.getTensorShape(inputName).d(0);
            int modelBatch = batchDim < 0 ? 0 : (int) batchDim;
            long[] callShape = maxCallShape.clone();
            if (modelBatch > 0) {
                callShape[0] = modelBatch;
            }
            int perCall = (int) callShape[0];
            int slots = (hostImages + perCall - 1) / perCall * perCall;
            setShape(context, inputName, callShape);
            List<long[]> perImage = outputShapes(context, outputNames, perCall);
            List<Long> deviceFloats = new ArrayList<>();
            List<Long> hostFloats = new ArrayList<>();
            for (long[] shape : perImage) {
                long floats = TensorRtDims.elements(shape, 0);
                deviceFloats.add(floats * perCall);
                hostFloats.add(floats * slots);
            }
            long inputFloats = TensorRtDims.elements(callShape, 1);
            buffers = TensorRtBuffers.allocate(inputFloats * perCall, inputFloats * slots, deviceFloats, hostFloats);
            CudaStatus.check(context.setTensorAddress(inputName, buffers.deviceInput()), "setTensorAddress(" + inputName + ")");
            for (int o = 0; o < outputNames.size(); o++) {
                CudaStatus.check(context.setTensorAddress(outputNames.get(o), buffers.deviceOutput(o)),
                        "setTensorAddress(" + outputNames.get(o) + ")");
            }
            stream = new CUstream_st();
            CudaStatus.check(cudaStreamCreate(stream), "cudaStreamCreate");
            return new TensorRtExecution(engine, context, stream, buffers, inputName, outputNames, modelBatch,
                    maxCallShape.clone(), slots, callShape, perImage);
        } catch (RuntimeException e) {
            if (stream != null && !stream.isNull()) {
                cudaStreamDestroy(stream);
            }
            if (buffers != null) {
                buffers.close();
            }
            EngineBuild.deallocate(context);
            EngineBuild.deallocate(engine);
            throw e;
        }
    }

    private static void setShape(IExecutionContext context, String inputName, long[] shape) {
        try (Dims64 dims = TensorRtDims.of(shape)) {
            if (!context.setInputShape(inputName, dims)) {
                throw new IllegalArgumentException("the engine does not take an input of " + TensorRtDims.describe(shape));
            }
        }
    }

    /** Each output's shape for the context's input shape, with its first dimension (the images) set to 1. */
    private static List<long[]> outputShapes(IExecutionContext context, List<String> outputNames, int images) {
        List<long[]> shapes = new ArrayList<>();
        for (String name : outputNames) {
            long[] shape = TensorRtDims.toArray(context.getTensorShape(name));
            for (long d : shape) {
                if (d < 0) {
                    throw new IllegalArgumentException("output " + name + " has an unresolved dimension: "
                            + TensorRtDims.describe(shape));
                }
            }
            if (shape.length == 0 || shape[0] != images) {
                throw new IllegalArgumentException("output " + name + " " + TensorRtDims.describe(shape)
                        + " does not lead with the batch of " + images);
            }
            shape[0] = 1;
            shapes.add(shape);
        }
        return shapes;
    }

    /** The pinned memory the next run's images are written to, NCHW floats, image after image. */
    FloatPointer input() {
        return buffers.hostInput();
    }

    /** Most images a run takes. */
    int hostImages() {
        return hostImages;
    }

    List<String> outputNames() {
        return outputNames;
    }

    /**
     * Runs the images at the start of {@link #input()}, of {@code shape} ({@code [images, channels, height, width]}),
     * and returns each output copied to the heap with {@code images} as its first dimension.
     *
     * @throws GpuFailure when CUDA or TensorRT fails, or did before
     */
    List<OutputTensor> run(long[] shape) {
        if (closed || broken) {
            throw new GpuFailure("the TensorRT engine is " + (closed ? "closed" : "unusable after a CUDA failure"));
        }
        int count = Math.toIntExact(shape[0]);
        if (count < 1 || count > hostImages || shape.length != maxCallShape.length) {
            throw new IllegalArgumentException("run of " + TensorRtDims.describe(shape) + " on an engine of "
                    + hostImages + " images of at most " + TensorRtDims.describe(maxCallShape));
        }
        for (int i = 1; i < shape.length; i++) {
            if (shape[i] > maxCallShape[i]) {
                throw new IllegalArgumentException("input " + TensorRtDims.describe(shape) + " is larger than the "
                        + TensorRtDims.describe(maxCallShape) + " the engine's buffers hold");
            }
        }
        try {
            long inputBytesPerImage = TensorRtDims.elements(shape, 1) * Float.BYTES;
            int step = modelBatch == 0 ? count : modelBatch;
            for (int start = 0; start < count; start += step) {
                long[] stepShape = shape.clone();
                stepShape[0] = step;
                if (!Arrays.equals(stepShape, currentShape)) {
                    try (Dims64 dims = TensorRtDims.of(stepShape)) {
                        if (!context.setInputShape(inputName, dims)) {
                            throw new GpuFailure("setInputShape(" + TensorRtDims.describe(stepShape) + ") refused");
                        }
                    }
                    outputShapes = outputShapes(context, outputNames, step);
                    currentShape = stepShape;
                }
                CudaStatus.check(cudaMemcpyAsync(buffers.deviceInput(),
                        NativeAddress.of(buffers.pinnedInput(), start * inputBytesPerImage), step * inputBytesPerImage,
                        cudaMemcpyHostToDevice, stream), "cudaMemcpyAsync to the device");
                if (!context.enqueueV3(stream)) {
                    throw new GpuFailure("enqueueV3 failed");
                }
                for (int o = 0; o < outputNames.size(); o++) {
                    long bytesPerImage = TensorRtDims.elements(outputShapes.get(o), 0) * Float.BYTES;
                    CudaStatus.check(cudaMemcpyAsync(NativeAddress.of(buffers.pinnedOutput(o), start * bytesPerImage),
                                    buffers.deviceOutput(o), step * bytesPerImage, cudaMemcpyDeviceToHost, stream),
                            "cudaMemcpyAsync from the device");
                }
            }
            CudaStatus.check(cudaStreamSynchronize(stream), "cudaStreamSynchronize");
        } catch (GpuFailure e) {
            broken = true;
            throw e;
        }
        List<OutputTensor> out = new ArrayList<>(outputNames.size());
        for (int o = 0; o < outputNames.size(); o++) {
            long[] perImage = outputShapes.get(o);
            int[] dims = new int[perImage.length];
            for (int d = 0; d < dims.length; d++) {
                dims[d] = Math.toIntExact(perImage[d]);
            }
            dims[0] = count;
            float[] values = new float[Math.toIntExact(TensorRtDims.elements(perImage, 0) * count)];
            new FloatPointer(buffers.pinnedOutput(o)).capacity(values.length).get(values);
            out.add(new OutputTensor(dims, values));
        }
        return out;
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (broken) {
            return;
        }
        cudaStreamSynchronize(stream);
        cudaStreamDestroy(stream);
        buffers.close();
        EngineBuild.deallocate(context);
        EngineBuild.deallocate(engine);
    }
}
