package dev.veil.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * An overlay with some of pipelines/components added, the way a user adds them to their own overlay: rendered from
 * a kustomization written under the build's target folder (kustomize takes only relative paths).
 */
final class Variants {

    private Variants() {
    }

    static List<JsonNode> render(String overlay, String... components) {
        Path dir = Repo.root().resolve("deploy-check/target/variants")
                .resolve(overlay + (components.length == 0 ? "" : "+" + String.join("+", components)));
        StringBuilder text = new StringBuilder("apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\n")
                .append("resources:\n  - ").append(relative(dir, Repo.overlay(overlay))).append('\n');
        if (components.length > 0) {
            text.append("components:\n");
            for (String component : components) {
                text.append("  - ").append(relative(dir, Repo.pipelines().resolve("components").resolve(component)))
                        .append('\n');
            }
        }
        try {
            Files.createDirectories(dir);
            Files.writeString(dir.resolve("kustomization.yaml"), text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Kustomize.render(dir);
    }

    private static String relative(Path from, Path to) {
        return from.toAbsolutePath().normalize().relativize(to.toAbsolutePath().normalize()).toString();
    }
}
