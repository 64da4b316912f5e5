package dev.veil.inference.gpu;

import static org.bytedeco.tensorrt.global.nvinfer.createInferRuntime;

import dev.veil.stage.Placement;
import java.util.Locale;
import org.bytedeco.tensorrt.nvinfer.IRuntime;

/**
 * What every TensorRT network starts from: the device, the TensorRT loaded (refused unless it is the release
 * Bytedeco's binding was generated for), the precision in force on this GPU, and a TensorRT runtime, which must
 * outlive the engines it deserializes (the caller frees it last).
 */
public record TensorRtSession(CudaDevice device, TensorRtVersion version, Precision precision, IRuntime runtime) {

    /**
     * @param asked {@code VEIL_PRECISION}; FP16 only where the GPU computes it fast
     * @throws IllegalStateException when the TensorRT loaded is another release than the binding's
     * @throws GpuFailure            when CUDA or TensorRT cannot start
     */
    public static TensorRtSession start(Precision asked) {
        CudaDevice device = CudaDevice.current();
        TensorRtVersion loaded = TensorRtVersion.loaded();
        TensorRtVersion binding = TensorRtVersion.binding();
        if (!loaded.sameRelease(binding)) {
            throw new IllegalStateException("TensorRT " + loaded + " is installed but Veil's TensorRT binding is for "
                    + binding + " (build the GPU image on the base docs/inference.md names)");
        }
        IRuntime runtime = createInferRuntime(TensorRtLog.shared());
        if (runtime == null || runtime.isNull()) {
            throw new GpuFailure("TensorRT could not create its runtime");
        }
        return new TensorRtSession(device, loaded, asked.on(device.major(), device.minor()), runtime);
    }

    /** The cache key of a model's engine for this profile, on this GPU and TensorRT, in this precision. */
    public EngineCacheKey key(byte[] modelBytes, InputProfile profile) {
        return new EngineCacheKey(EngineCacheKey.sha256(modelBytes), device.name(), device.computeCapability(),
                version.toString(), precision, profile.describe());
    }

    /** {@code tensorrt 10.15.1 fp16 on cuda:0 Tesla T4}. */
    public Placement placement() {
        return Placement.cuda(device.name(), "tensorrt " + version + " " + precision.name().toLowerCase(Locale.ROOT));
    }
}
