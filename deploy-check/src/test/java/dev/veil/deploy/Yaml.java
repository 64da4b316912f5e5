package dev.veil.deploy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * YAML documents as Jackson trees. SnakeYAML Engine does the reading (it resolves anchors and aliases, which the
 * pipeline uses); Jackson gives the trees the schema validator and the typed models take.
 */
final class Yaml {

    static final JsonMapper JSON = JsonMapper.builder().build();

    private Yaml() {
    }

    static List<JsonNode> documents(String text) {
        Load load = new Load(LoadSettings.builder().setLabel("veil").build());
        List<JsonNode> documents = new ArrayList<>();
        for (Object document : load.loadAllFromString(text)) {
            if (document != null) {
                documents.add(JSON.valueToTree(document));
            }
        }
        return documents;
    }

    static List<JsonNode> documents(Path file) {
        try {
            return documents(Repo.read(file));
        } catch (RuntimeException e) {
            throw new AssertionError(Repo.relative(file) + " is not valid YAML: " + e.getMessage(), e);
        }
    }

    /** "apiVersion kind/name", the way a person names an object in a message. */
    static String describe(JsonNode object) {
        return object.path("apiVersion").asString("?") + " " + object.path("kind").asString("?") + "/"
                + object.path("metadata").path("name").asString("?");
    }

    static boolean isObject(JsonNode document) {
        return document.path("apiVersion").isString() && document.path("kind").isString();
    }
}
