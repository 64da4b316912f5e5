package dev.veil.inference;

import dev.veil.config.ConfigException;
import dev.veil.inference.gpu.GpuEnvironment;
import dev.veil.inference.network.FailureReason;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens an ONNX detector on the best runtime {@code VEIL_DEVICE} allows here: TensorRT, else OpenCV's CUDA backend,
 * else the CPU for {@code auto}; the first two only for {@code cuda}; the CPU only for {@code cpu}. A runtime is
 * skipped when the files say it cannot run here ({@link GpuEnvironment}) or when it fails to open; each skip is one
 * log line with its reason, a warning when a GPU is present. Never silently on the CPU: {@code auto} ending there
 * with a GPU present says so, and {@code cuda} stops with one line listing every reason.
 */
final class RuntimeChoice {

    private static final Logger log = LoggerFactory.getLogger(RuntimeChoice.class);

    private RuntimeChoice() {
    }

    /** What was opened, on which runtime, and why the better runtimes were passed over. */
    record Chosen<T>(DetectionRuntime runtime, T opened, List<String> skipped) {
        Chosen {
            skipped = List.copyOf(skipped);
        }
    }

    /** The runtimes a device setting allows, in the order they are tried. */
    static List<DetectionRuntime> candidates(Device device) {
        return switch (device) {
            case AUTO -> List.of(DetectionRuntime.TENSORRT, DetectionRuntime.OPENCV_CUDA, DetectionRuntime.CPU);
            case CUDA -> List.of(DetectionRuntime.TENSORRT, DetectionRuntime.OPENCV_CUDA);
            case CPU -> List.of(DetectionRuntime.CPU);
        };
    }

    /** Why a runtime cannot be tried here, from files only; empty when it can. */
    static Optional<String> unavailable(DetectionRuntime runtime, GpuEnvironment env) {
        return switch (runtime) {
            case TENSORRT -> env.tensorRtMissing();
            case OPENCV_CUDA -> env.openCvCudaMissing();
            case CPU -> Optional.empty();
        };
    }

    /**
     * Opens {@code what} on the first runtime of {@link #candidates} that is available and opens. The CPU, when it
     * is the last resort, is not caught: its failure is the model's own (a file that is not a model) and goes up.
     *
     * @param open opens the detector on one runtime; throws when it cannot
     * @throws ConfigException with {@code VEIL_DEVICE=cuda}, when no GPU runtime opens
     */
    static <T> Chosen<T> open(Device device, GpuEnvironment env, String what, Function<DetectionRuntime, T> open) {
        List<String> skipped = new ArrayList<>();
        for (DetectionRuntime runtime : candidates(device)) {
            if (!runtime.onGpu()) {
                if (env.gpu().present() && !skipped.isEmpty()) {
                    log.atWarn().addKeyValue("detector", what).addKeyValue("skipped", String.join("; ", skipped))
                            .log("a GPU is present but faces are detected on the CPU");
                }
                return new Chosen<>(runtime, open.apply(runtime), skipped);
            }
            Optional<String> why = unavailable(runtime, env);
            if (why.isEmpty()) {
                try {
                    return new Chosen<>(runtime, open.apply(runtime), skipped);
                } catch (RuntimeException | LinkageError e) {
                    // A LinkageError is a native library that did not load: the runtime is missing from the image.
                    why = Optional.of(FailureReason.of(e));
                }
            }
            skipped.add(runtime + ": " + why.get());
            var line = env.gpu().present() ? log.atWarn() : log.atInfo();
            line.addKeyValue("detector", what).addKeyValue("runtime", runtime).addKeyValue("reason", why.get())
                    .log("runtime skipped");
        }
        throw new ConfigException(InferenceConfig.DEVICE + "=cuda but no GPU runtime starts here: "
                + String.join("; ", skipped));
    }
}
