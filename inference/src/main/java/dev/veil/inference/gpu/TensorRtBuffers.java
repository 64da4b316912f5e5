package dev.veil.inference.gpu;

import static org.bytedeco.cuda.global.cudart.cudaFree;
import static org.bytedeco.cuda.global.cudart.cudaFreeHost;
import static org.bytedeco.cuda.global.cudart.cudaMalloc;
import static org.bytedeco.cuda.global.cudart.cudaMallocHost;

import java.util.ArrayList;
import java.util.List;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.Pointer;

/**
 * The memory one engine's tensors live in, allocated once for its largest call: device memory for one enqueue's
 * input and outputs, and pinned host memory (which the copies can overlap with the GPU's work) for every image of a
 * run. Freed together by {@link #close()}; a partial allocation is freed before the failure is thrown.
 */
final class TensorRtBuffers implements AutoCloseable {

    private final Pointer deviceInput;
    private final Pointer pinnedInput;
    private final FloatPointer hostInput;
    private final List<Pointer> deviceOutputs;
    private final List<Pointer> pinnedOutputs;
    private boolean closed;

    private TensorRtBuffers(Pointer deviceInput, Pointer pinnedInput, FloatPointer hostInput, List<Pointer> deviceOutputs,
                            List<Pointer> pinnedOutputs) {
        this.deviceInput = deviceInput;
        this.pinnedInput = pinnedInput;
        this.hostInput = hostInput;
        this.deviceOutputs = List.copyOf(deviceOutputs);
        this.pinnedOutputs = List.copyOf(pinnedOutputs);
    }

    /**
     * @param inputFloatsPerCall   input floats of the largest enqueue (on the device)
     * @param inputFloatsHost      input floats of the largest run (pinned on the host)
     * @param outputFloatsPerCall  per output, floats of the largest enqueue
     * @param outputFloatsHost     per output, floats of the largest run
     * @throws GpuFailure when CUDA cannot allocate
     */
    static TensorRtBuffers allocate(long inputFloatsPerCall, long inputFloatsHost, List<Long> outputFloatsPerCall,
                                    List<Long> outputFloatsHost) {
        List<Pointer> device = new ArrayList<>();
        List<Pointer> pinned = new ArrayList<>();
        try {
            Pointer deviceInput = deviceMalloc(inputFloatsPerCall * Float.BYTES, device);
            Pointer pinnedInput = hostMalloc(inputFloatsHost * Float.BYTES, pinned);
            List<Pointer> deviceOutputs = new ArrayList<>();
            List<Pointer> pinnedOutputs = new ArrayList<>();
            for (int o = 0; o < outputFloatsPerCall.size(); o++) {
                deviceOutputs.add(deviceMalloc(outputFloatsPerCall.get(o) * Float.BYTES, device));
                pinnedOutputs.add(hostMalloc(outputFloatsHost.get(o) * Float.BYTES, pinned));
            }
            FloatPointer hostInput = new FloatPointer(pinnedInput).capacity(inputFloatsHost);
            return new TensorRtBuffers(deviceInput, pinnedInput, hostInput, deviceOutputs, pinnedOutputs);
        } catch (RuntimeException e) {
            device.forEach(p -> cudaFree(p));
            pinned.forEach(p -> cudaFreeHost(p));
            throw e;
        }
    }

    private static Pointer deviceMalloc(long bytes, List<Pointer> allocated) {
        Pointer p = new Pointer();
        CudaStatus.check(cudaMalloc(p, bytes), "cudaMalloc(" + bytes + ")");
        allocated.add(p);
        return p;
    }

    private static Pointer hostMalloc(long bytes, List<Pointer> allocated) {
        Pointer p = new Pointer();
        CudaStatus.check(cudaMallocHost(p, bytes), "cudaMallocHost(" + bytes + ")");
        allocated.add(p);
        return p;
    }

    Pointer deviceInput() {
        return deviceInput;
    }

    Pointer pinnedInput() {
        return pinnedInput;
    }

    /** The pinned input as floats, for the detector to fill. */
    FloatPointer hostInput() {
        return hostInput;
    }

    Pointer deviceOutput(int output) {
        return deviceOutputs.get(output);
    }

    Pointer pinnedOutput(int output) {
        return pinnedOutputs.get(output);
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        cudaFree(deviceInput);
        deviceOutputs.forEach(p -> cudaFree(p));
        cudaFreeHost(pinnedInput);
        pinnedOutputs.forEach(p -> cudaFreeHost(p));
    }
}
