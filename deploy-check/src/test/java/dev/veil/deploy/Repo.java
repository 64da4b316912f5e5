package dev.veil.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** Where the checkout's Kubernetes files and module sources are. */
final class Repo {

    private Repo() {
    }

    /** The checkout's root (surefire sets {@code veil.repo.dir}; run from deploy-check/ it is the parent). */
    static Path root() {
        String dir = System.getProperty("veil.repo.dir");
        Path root = (dir != null ? Path.of(dir) : Path.of("").toAbsolutePath().getParent()).normalize();
        if (!Files.isDirectory(root.resolve("pipelines")) || !Files.isDirectory(root.resolve("dra"))) {
            throw new IllegalStateException(root + " has no pipelines/ and dra/: not the Veil checkout");
        }
        return root;
    }

    static Path pipelines() {
        return root().resolve("pipelines");
    }

    static Path dra() {
        return root().resolve("dra");
    }

    /** Every overlay a user applies, by name. */
    static List<String> overlays() {
        return List.of("t4", "a100", "cpu");
    }

    static Path overlay(String name) {
        return pipelines().resolve("overlays").resolve(name);
    }

    /** The GPU overlays, which must differ only in the claim. */
    static List<String> gpuOverlays() {
        return List.of("t4", "a100");
    }

    /** dra/ folders, one per resource.k8s.io version a cluster may serve. */
    static List<String> draVersions() {
        return List.of("v1", "v1beta1");
    }

    /** Every .yaml/.yml file under pipelines/ and dra/. */
    static List<Path> yamlFiles() {
        try (Stream<Path> pipelines = Files.walk(pipelines()); Stream<Path> dra = Files.walk(dra())) {
            return Stream.concat(pipelines, dra)
                    .filter(Files::isRegularFile)
                    .filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml"))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String relative(Path file) {
        return root().relativize(file.toAbsolutePath().normalize()).toString();
    }
}
