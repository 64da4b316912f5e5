package dev.veil.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * CI cannot go green on parsing alone: where {@code CI=true} and no renderer is on the PATH, this fails with one line
 * (every test that needs rendered overlays is skipped there, so this is the one that says why the build failed).
 */
class RendererTest {

    @Test
    void ciHasARendererForTheOverlays() {
        Kustomize.ciRequirement(System.getenv()).ifPresent(Assertions::fail);
    }

    @Test
    void ciWithoutARendererIsRefusedAndADevelopersMachineIsNot(@TempDir Path empty) {
        Optional<String> ci = Kustomize.ciRequirement(Map.of("CI", "true", "PATH", empty.toString()));
        assertTrue(ci.isPresent() && ci.get().contains("install kubectl"), "CI without kubectl must fail: " + ci);
        assertEquals(Optional.empty(), Kustomize.ciRequirement(Map.of("PATH", empty.toString())),
                "a developer's machine without kubectl only skips");
        assertEquals(Optional.empty(), Kustomize.ciRequirement(Map.of("CI", "false", "PATH", empty.toString())));
    }

    @Test
    void ciWithKubectlOnThePathIsAccepted(@TempDir Path bin) throws IOException {
        Path kubectl = Files.createFile(bin.resolve("kubectl"),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
        assertTrue(Files.isExecutable(kubectl));
        assertEquals(Optional.empty(), Kustomize.ciRequirement(Map.of("CI", "true", "PATH", bin.toString())));
    }
}
