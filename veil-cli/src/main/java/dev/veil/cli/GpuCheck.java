package dev.veil.cli;

/**
 * {@code veil gpu-check} as a program of its own, the entry point of the GPU check's bundle
 * ({@code veil-cli/gpu-check-bundle.sh}): unlike {@link Veil}, it loads no native library before the check has
 * found CUDA's libraries, and the bundle carries OpenCV's CUDA natives and not FFmpeg's.
 */
public final class GpuCheck {

    private GpuCheck() {
    }

    public static void main(String[] args) {
        if (System.getenv("VEIL_LOG_LEVEL") == null && System.getProperty("VEIL_LOG_LEVEL") == null) {
            // The vertex's INFO lines would bury the report; a runtime passed over is a warning and still shows.
            System.setProperty("VEIL_LOG_LEVEL", "WARN");
        }
        System.exit(GpuCheckCommand.run(args, System.out, System.err));
    }
}
