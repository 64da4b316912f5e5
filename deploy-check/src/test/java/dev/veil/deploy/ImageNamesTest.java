package dev.veil.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.w3c.dom.Document;
import tools.jackson.databind.JsonNode;

/**
 * Images are named in one place, pipelines/images/kustomization.yaml: the YAML files use only its logical names,
 * everything rendered uses only its new names, Veil's own entries are exactly the images the Maven build makes
 * (root pom's veil.image.prefix, the modules' veil.image.name, the project's version) and all come from one
 * registry that the reference names, and nothing can be served stale from a node (a digest, or pull policy Always).
 */
class ImageNamesTest {

    private static final Path COMPONENT = Repo.pipelines().resolve("images/kustomization.yaml");

    /** Logical name -> the reference kustomize puts in its place (name@digest when pinned, else name:tag). */
    static Map<String, String> imagesBlock() {
        Map<String, String> images = new LinkedHashMap<>();
        for (JsonNode entry : Yaml.documents(COMPONENT).get(0).path("images").values()) {
            String name = entry.path("newName").asString();
            images.put(entry.path("name").asString(), entry.has("digest")
                    ? name + "@" + entry.path("digest").asString()
                    : name + ":" + entry.path("newTag").asString());
        }
        return images;
    }

    /** Logical name -> newName, for Veil's own images. */
    static Map<String, String> veilNewNames() {
        Map<String, String> names = new LinkedHashMap<>();
        for (JsonNode entry : Yaml.documents(COMPONENT).get(0).path("images").values()) {
            if (Program.ofImage(entry.path("name").asString()).isPresent()) {
                names.put(entry.path("name").asString(), entry.path("newName").asString());
            }
        }
        return names;
    }

    @Test
    void veilsEntriesAreTheImagesTheBuildMakes() throws Exception {
        Document root = pom(Repo.root().resolve("pom.xml"));
        String prefix = text(root, "veil.image.prefix");
        String version = root.getDocumentElement().getElementsByTagName("version").item(0).getTextContent().trim();

        Set<String> built = new TreeSet<>();
        try (Stream<Path> poms = Files.list(Repo.root()).map(d -> d.resolve("pom.xml")).filter(Files::isRegularFile)) {
            for (Path pom : poms.toList()) {
                String xml = Repo.read(pom);
                Matcher name = Pattern.compile("<veil.image.name>([^<]+)</veil.image.name>").matcher(xml);
                while (name.find()) {
                    built.add(name.group(1).trim());
                }
                Matcher explicit = Pattern.compile("<image>\\$\\{veil.image.prefix}/([^:<]+):\\$\\{project.version}</image>").matcher(xml);
                while (explicit.find()) {
                    built.add(explicit.group(1).trim());
                }
            }
        }
        built.remove("${veil.image.name}");
        Set<String> programs = new TreeSet<>();
        EnumSet.allOf(Program.class).forEach(p -> programs.addAll(p.images()));
        assertEquals(programs, built, "every program gets an image from the build, and only those");

        Map<String, String> newNames = veilNewNames();
        Set<String> logical = new TreeSet<>();
        built.forEach(image -> logical.add(prefix + "/" + image));
        assertEquals(logical, new TreeSet<>(newNames.keySet()), "logical names in " + COMPONENT);
        String registry = registryOf(newNames.values().iterator().next());
        for (JsonNode entry : Yaml.documents(COMPONENT).get(0).path("images").values()) {
            String name = entry.path("name").asString();
            if (!newNames.containsKey(name)) {
                continue;
            }
            assertEquals(registry + "/" + name, entry.path("newName").asString(),
                    name + " must come from the one registry the others come from, under the name the build gives it");
            assertEquals(version, entry.path("newTag").asString(), name + " must carry the version the build tags");
            if (entry.has("digest")) {
                assertTrue(entry.path("digest").asString().matches("sha256:[0-9a-f]{64}"), name + ": " + entry.path("digest"));
            }
        }
    }

    /** The registry part of a newName: everything before "/veil/<image>". */
    private static String registryOf(String newName) {
        int veil = newName.lastIndexOf("/veil/");
        assertTrue(veil > 0, newName + " names no registry before veil/<image>");
        return newName.substring(0, veil);
    }

    @Test
    void everyImageNamesItsRegistry() {
        // An unqualified name is looked up in whatever registry a node's runtime defaults to (docker.io for
        // containerd): veil/inference there belongs to someone else.
        for (String reference : imagesBlock().values()) {
            String first = reference.substring(0, Math.max(0, reference.indexOf('/')));
            assertTrue(first.contains(".") || first.contains(":") || first.equals("localhost"),
                    reference + " names no registry host");
        }
    }

    @ParameterizedTest(name = "overlay {0}")
    @MethodSource("overlays")
    void noVeilImageCanBeServedStaleFromANode(String overlay) {
        Rendered r = Rendered.overlay(overlay);
        List<String> problems = new ArrayList<>();
        for (Rendered.Container c : r.containers()) {
            if (c.program().isEmpty()) {
                continue;
            }
            boolean pinned = c.image().contains("@sha256:");
            String policy = c.spec().path("imagePullPolicy").asString("");
            if (!pinned && !policy.equals("Always")) {
                problems.add(c.owner() + " runs " + c.image() + " by tag with imagePullPolicy '" + policy
                        + "': a node may serve an old image under it");
            }
        }
        assertEquals(List.of(), problems);
    }

    @Test
    void pinningRewritesOnlyVeilsBlock(@org.junit.jupiter.api.io.TempDir Path copy) throws Exception {
        // The script reads <module>/target/<image>-image.digest and rewrites the block: run it on a copy of the
        // files it touches, with digests made here.
        Files.createDirectories(copy.resolve("pipelines/images"));
        Files.copy(Repo.root().resolve("pom.xml"), copy.resolve("pom.xml"));
        Files.copy(COMPONENT, copy.resolve("pipelines/images/kustomization.yaml"));
        Files.createDirectories(copy.resolve("pipelines/tools"));
        Files.copy(Repo.pipelines().resolve("tools/pin-images.sh"), copy.resolve("pipelines/tools/pin-images.sh"));
        Map<String, String> digests = new LinkedHashMap<>();
        Map<String, String> modules = Map.of("source-rtsp", "source-rtsp", "filter-resize", "filter-resize",
                "inference", "inference", "inference-gpu", "inference", "sink", "sink",
                "display", "display");
        int i = 0;
        for (Map.Entry<String, String> m : modules.entrySet()) {
            String digest = "sha256:" + String.format("%064x", ++i);
            digests.put(m.getKey(), digest);
            Path target = Files.createDirectories(copy.resolve(m.getValue()).resolve("target"));
            Files.writeString(target.resolve(m.getKey() + "-image.digest"), digest);
        }
        Process p = new ProcessBuilder("bash", copy.resolve("pipelines/tools/pin-images.sh").toString(),
                "registry.example.com/team").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), out);
        JsonNode pinned = Yaml.documents(copy.resolve("pipelines/images/kustomization.yaml")).get(0);
        Map<String, String> references = new LinkedHashMap<>();
        pinned.path("images").values().forEach(e -> references.put(e.path("name").asString(),
                e.path("newName").asString() + (e.has("digest") ? "@" + e.path("digest").asString() : ":" + e.path("newTag").asString())));
        digests.forEach((image, digest) -> assertEquals("registry.example.com/team/veil/" + image + "@" + digest,
                references.get("veil/" + image)));
        assertEquals(imagesBlock().get("mediamtx"), references.get("mediamtx"), "MediaMTX is not Veil's to pin");
        assertEquals(7, references.size(), references.toString());
    }

    @Test
    void pinningWithoutTheGpuImageBuiltLeavesItByTag(@org.junit.jupiter.api.io.TempDir Path copy) throws Exception {
        Files.createDirectories(copy.resolve("pipelines/images"));
        Files.copy(Repo.root().resolve("pom.xml"), copy.resolve("pom.xml"));
        Files.copy(COMPONENT, copy.resolve("pipelines/images/kustomization.yaml"));
        Files.createDirectories(copy.resolve("pipelines/tools"));
        Files.copy(Repo.pipelines().resolve("tools/pin-images.sh"), copy.resolve("pipelines/tools/pin-images.sh"));
        Map<String, String> modules = Map.of("source-rtsp", "source-rtsp", "filter-resize", "filter-resize",
                "inference", "inference", "sink", "sink", "display", "display");
        for (Map.Entry<String, String> m : modules.entrySet()) {
            Path target = Files.createDirectories(copy.resolve(m.getValue()).resolve("target"));
            Files.writeString(target.resolve(m.getKey() + "-image.digest"), "sha256:" + "a".repeat(64));
        }
        Process p = new ProcessBuilder("bash", copy.resolve("pipelines/tools/pin-images.sh").toString(),
                "registry.example.com/team").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), out);
        JsonNode pinned = Yaml.documents(copy.resolve("pipelines/images/kustomization.yaml")).get(0);
        JsonNode gpu = null;
        for (JsonNode e : pinned.path("images").values()) {
            if (e.path("name").asString().equals("veil/inference-gpu")) {
                gpu = e;
            }
        }
        assertTrue(gpu != null && !gpu.has("digest"), String.valueOf(gpu));
        assertEquals("registry.example.com/team/veil/inference-gpu", gpu.path("newName").asString());
        assertTrue(out.contains("veil/inference-gpu -> registry.example.com/team/veil/inference-gpu:"), out);
    }

    @Test
    void theYamlFilesUseOnlyLogicalNames() {
        Set<String> logical = imagesBlock().keySet();
        List<String> problems = new ArrayList<>();
        for (Path file : Repo.yamlFiles()) {
            for (JsonNode doc : Yaml.documents(file)) {
                imageFields(doc, image -> {
                    if (!logical.contains(image)) {
                        problems.add(Repo.relative(file) + " names image " + image + ", not a name from " + COMPONENT.getFileName());
                    }
                });
            }
        }
        assertEquals(List.of(), problems);
    }

    static List<String> overlays() {
        return Repo.overlays();
    }

    @ParameterizedTest(name = "overlay {0}")
    @MethodSource("overlays")
    void everythingRenderedUsesTheImagesBlock(String overlay) {
        Set<String> references = new TreeSet<>(imagesBlock().values());
        List<String> problems = new ArrayList<>();
        Set<String> seen = new TreeSet<>();
        for (JsonNode object : Kustomize.overlay(overlay)) {
            imageFields(object, image -> {
                seen.add(image);
                if (!references.contains(image)) {
                    problems.add(Yaml.describe(object) + " runs " + image + ", which the images block does not give");
                }
            });
        }
        assertEquals(List.of(), problems);
        assertTrue(seen.size() >= 6, "expected the five Veil images and MediaMTX, saw " + seen);
    }

    /** Calls {@code check} with every value of a field named "image" (containers, wherever they are). */
    private static void imageFields(JsonNode node, Consumer<String> check) {
        if (node.isObject()) {
            node.properties().forEach(e -> {
                if (e.getKey().equals("image") && e.getValue().isString()) {
                    check.accept(e.getValue().asString());
                } else {
                    imageFields(e.getValue(), check);
                }
            });
        } else if (node.isArray()) {
            node.values().forEach(v -> imageFields(v, check));
        }
    }

    private static Document pom(Path file) throws Exception {
        return DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(file.toFile());
    }

    private static String text(Document pom, String property) throws IOException {
        var nodes = pom.getElementsByTagName(property);
        if (nodes.getLength() == 0) {
            throw new IOException("the root pom has no property " + property);
        }
        return nodes.item(0).getTextContent().trim();
    }
}
