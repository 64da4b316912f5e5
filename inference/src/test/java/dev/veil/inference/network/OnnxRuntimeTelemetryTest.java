package dev.veil.inference.network;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.jna.NativeLibrary;
import com.sun.jna.Platform;
import com.sun.jna.Pointer;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** ONNX Runtime starts with its telemetry off, whatever the environment the process was given. */
class OnnxRuntimeTelemetryTest {

    @Test
    void theEnvironmentStartsWithoutTelemetry() {
        assumeTrue(System.getenv(OnnxRuntimeEnvironment.TELEMETRY_SWITCH) == null,
                "the process was started with " + OnnxRuntimeEnvironment.TELEMETRY_SWITCH + " set: nothing to check");
        OnnxRuntimeEnvironment.get();

        Pointer value = NativeLibrary.getInstance(Platform.C_LIBRARY_NAME).getFunction("getenv")
                .invokePointer(new Object[] {OnnxRuntimeEnvironment.TELEMETRY_SWITCH});
        assertEquals("1", value == null ? null : value.getString(0), "what ONNX Runtime read");
        // With its telemetry on, ONNX Runtime 1.29 leaves this file behind in every process that starts it.
        Path trace = Path.of("/tmp/mat-debug-" + ProcessHandle.current().pid() + ".log");
        assertFalse(Files.exists(trace), trace + " was written: ONNX Runtime's telemetry started");
    }
}
