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
 * standalone {@code kustomize build}) from the PATH. Without either, a test that needs rendered output is skipped
 * with a message that says so; the checks on the files themselves still run.
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

    private static List<JsonNode> run(Path dir) {
        Optional<List<String>> command = command(dir);
        assumeTrue(command.isPresent(), "skipped: neither kubectl nor kustomize is on the PATH, so the overlays cannot"
                + " be rendered here (install kubectl; .ci/run does)");
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

    private static Optional<List<String>> command(Path dir) {
        if (onPath("kubectl")) {
            return Optional.of(List.of("kubectl", "kustomize", dir.toString()));
        }
        if (onPath("kustomize")) {
            return Optional.of(List.of("kustomize", "build", dir.toString()));
        }
        return Optional.empty();
    }

    private static boolean onPath(String program) {
        String path = System.getenv().getOrDefault("PATH", "");
        for (String entry : path.split(File.pathSeparator)) {
            if (!entry.isEmpty() && Files.isExecutable(Path.of(entry, program))) {
                return true;
            }
        }
        return false;
    }
}
