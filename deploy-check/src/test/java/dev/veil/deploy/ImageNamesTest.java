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
 * everything rendered uses only its new names, and Veil's own entries are exactly the images the Maven build makes
 * (root pom's veil.image.prefix, the modules' veil.image.name, the project's version).
 */
class ImageNamesTest {

    private static final Path COMPONENT = Repo.pipelines().resolve("images/kustomization.yaml");

    /** Logical name -> the reference kustomize puts in its place. */
    static Map<String, String> imagesBlock() {
        Map<String, String> images = new LinkedHashMap<>();
        for (JsonNode entry : Yaml.documents(COMPONENT).get(0).path("images").values()) {
            images.put(entry.path("name").asString(), entry.path("newName").asString() + ":" + entry.path("newTag").asString());
        }
        return images;
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
        EnumSet.allOf(Program.class).forEach(p -> programs.add(p.image()));
        assertEquals(programs, built, "every program gets an image from the build, and only those");

        Map<String, String> veil = new LinkedHashMap<>();
        imagesBlock().forEach((name, reference) -> {
            if (Program.ofImage(name).isPresent()) {
                veil.put(name, reference);
            }
        });
        Map<String, String> expected = new LinkedHashMap<>();
        built.forEach(image -> expected.put(prefix + "/" + image, prefix + "/" + image + ":" + version));
        assertEquals(new TreeSet<>(expected.keySet()), new TreeSet<>(veil.keySet()), "logical names in " + COMPONENT);
        expected.forEach((name, reference) -> assertEquals(reference, veil.get(name),
                name + " must point at what `mvn -Pimages package` tags"));
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

    @Test
    void noImageNamesARegistryHost() {
        // Registries differ per user: the files carry none, and `kustomize edit set image` adds the user's.
        for (String reference : imagesBlock().values()) {
            String first = reference.substring(0, reference.indexOf('/') < 0 ? 0 : reference.indexOf('/'));
            assertFalse(first.contains(".") || first.contains(":") || first.equals("localhost"),
                    reference + " names a registry host");
        }
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
