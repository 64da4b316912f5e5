package dev.veil.deploy;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import tools.jackson.databind.JsonNode;

/**
 * Renders a kustomization the way a user's {@code kubectl apply -k} does: with {@code kubectl kustomize} (or a
 * standalone {@code kustomize build}) from the PATH. Without either, on a developer's machine a test that needs
 * rendered output is skipped with a message that says so; in CI ({@code CI} set to true, as CI services do)
 * {@link RendererTest} fails the build instead, in one line, so that CI can never pass without rendering.
 */
final class Kustomize {

    private static final Map<Path, List<JsonNode>> RENDERED = new ConcurrentHashMap<>();

    private Kustomize() {
    }

    /** The objects {@code dir} renders to, in kustomize's order. */
    static List<JsonNode> render(Path dir) {
        return RENDERED.computeIfAbsent(dir.toAbsolutePath().normalize(), Kustomize::run);
    }

    static List<JsonNode> overlay(String name) {
        return render(Repo.overlay(name));
    }

    static List<JsonNode> dra(String version) {
        return render(Repo.dra().resolve(version));
    }

    static final String MISSING = "neither kubectl nor kustomize is on the PATH, so the overlays cannot be rendered";

    /**
     * Why this environment cannot be trusted to check the overlays, if it cannot: CI without a renderer. (A developer's
     * machine without one only skips the rendering tests.)
     */
    static Optional<String> ciRequirement(Map<String, String> environment) {
        boolean ci = Boolean.parseBoolean(environment.getOrDefault("CI", "false").strip());
        if (ci && command(Path.of("."), environment.getOrDefault("PATH", "")).isEmpty()) {
            return Optional.of("CI=true but " + MISSING + ": install kubectl (1.27 or later) on the CI machine");
        }
        return Optional.empty();
    }

    private static List<JsonNode> run(Path dir) {
        Optional<List<String>> command = command(dir, System.getenv().getOrDefault("PATH", ""));
        assumeTrue(command.isPresent(), "skipped: " + MISSING + " here (install kubectl; in CI this fails the build)");
        try {
            Path err = Files.createTempFile("kustomize", ".err");
            Process process = new ProcessBuilder(command.get()).redirectError(err.toFile()).start();
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(120, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError(String.join(" ", command.get()) + " did not finish in 120 s");
            }
            String stderr = Files.readString(err);
            Files.delete(err);
            if (process.exitValue() != 0) {
                throw new AssertionError(String.join(" ", command.get()) + " failed: " + stderr.strip());
            }
            return List.copyOf(Yaml.documents(out));
        } catch (IOException e) {
            throw new AssertionError("could not run " + command.get() + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    private static Optional<List<String>> command(Path dir, String path) {
        if (onPath("kubectl", path)) {
            return Optional.of(List.of("kubectl", "kustomize", dir.toString()));
        }
        if (onPath("kustomize", path)) {
            return Optional.of(List.of("kustomize", "build", dir.toString()));
        }
        return Optional.empty();
    }

    private static boolean onPath(String program, String path) {
        for (String entry : path.split(File.pathSeparator)) {
            if (!entry.isEmpty() && Files.isExecutable(Path.of(entry, program))) {
                return true;
            }
        }
        return false;
    }
}
