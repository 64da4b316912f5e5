package dev.veil.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;

/**
 * The strict schema is what makes a typo an error: a copy of the real pipeline with one field misspelled fails it
 * (naming the field), while the schema as Numaflow publishes it lets the same copy through.
 */
class NumaflowSchemaTest {

    private static final Path PIPELINE = Repo.pipelines().resolve("base/pipeline.yaml");
    private static final Path ISBSVC = Repo.pipelines().resolve("base/isbsvc.yaml");

    @Test
    void theStrictSchemaClosesEveryObjectThatListsItsFields() {
        assertTrue(NumaflowSchema.strict().closedObjects() > 500,
                "only " + NumaflowSchema.strict().closedObjects() + " object schemas were closed");
    }

    @Test
    void theRealPipelineAndBufferServiceConform() {
        assertEquals(List.of(), NumaflowSchema.strict().violations(only(Repo.read(PIPELINE))));
        assertEquals(List.of(), NumaflowSchema.strict().violations(only(Repo.read(ISBSVC))));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        // pipeline-wide limits
        "'    readBatchSize: 4', '    readBatchSzie: 4', readBatchSzie",
        // the buffer service's name
        "'  interStepBufferServiceName: veil', '  interStepBufferService: veil', interStepBufferService",
        // the user-defined source (Numaflow spells it udsource)
        "'        udsource:', '        udSource:', udSource",
        // the inference vertex's DRA claims
        "'      resourceClaims:', '      resourceClaim:', resourceClaim",
        // a claim template reference
        "'          resourceClaimTemplateName: veil-gpu-placeholder', '          resourceClaimTemplate: veil-gpu-placeholder', resourceClaimTemplate",
        // the container's claims, under resources
        "'            claims:', '            claim:', claim",
        // autoscaling
        "'        max: 1', '        maximum: 1', maximum",
    })
    void aMisspelledCopyOfThePipelineFails(String field, String misspelled, String reported) {
        String original = Repo.read(PIPELINE);
        assertTrue(original.contains(field + "\n"), "pipeline.yaml no longer has the line '" + field + "'");
        String copy = original.replaceFirst(Pattern.quote(field + "\n"), Matcher.quoteReplacement(misspelled + "\n"));
        JsonNode pipeline = only(copy);

        List<String> strict = NumaflowSchema.strict().violations(pipeline);
        assertTrue(strict.stream().anyMatch(v -> v.contains(reported)), "the strict schema missed " + reported + ": " + strict);
        assertEquals(List.of(), NumaflowSchema.asPublished().violations(pipeline),
                "the published schema is expected to let unknown fields through; if it no longer does, this test's premise changed");
    }

    @Test
    void aMisspelledBufferServiceSettingFails() {
        JsonNode copy = only(Repo.read(ISBSVC).replace("    bufferConfig: |", "    bufferConfigs: |"));
        List<String> violations = NumaflowSchema.strict().violations(copy);
        assertTrue(violations.stream().anyMatch(v -> v.contains("bufferConfigs")), violations.toString());
    }

    @Test
    void aPipelineOfTheWrongApiVersionFails() {
        JsonNode copy = only(Repo.read(PIPELINE).replace("numaflow.numaproj.io/v1alpha1", "numaflow.numaproj.io/v1"));
        assertTrue(NumaflowSchema.strict().violations(copy).stream().anyMatch(v -> v.contains("apiVersion")));
    }

    @Test
    void aValueOfTheWrongTypeFails() {
        JsonNode copy = only(Repo.read(PIPELINE).replace("    readBatchSize: 4", "    readBatchSize: four"));
        assertTrue(NumaflowSchema.strict().violations(copy).stream().anyMatch(v -> v.contains("readBatchSize")));
    }

    private static JsonNode only(String yaml) {
        List<JsonNode> documents = Yaml.documents(yaml);
        assertEquals(1, documents.size());
        return documents.get(0);
    }
}
