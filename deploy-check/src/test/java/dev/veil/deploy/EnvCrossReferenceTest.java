package dev.veil.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every variable a Veil container is given is one its program reads (a variable nobody reads is a setting that
 * silently does nothing), and every variable its program cannot start without is given. What a program reads is
 * what it declares (see {@link Program}), and it can read nothing it does not declare, so a variable renamed or added
 * in the code shows up here.
 */
class EnvCrossReferenceTest {

    static List<String> overlays() {
        return Repo.overlays();
    }

    @ParameterizedTest(name = "overlay {0}")
    @MethodSource("overlays")
    void everyVariableGivenIsReadByTheProgram(String overlay) {
        Rendered rendered = Rendered.overlay(overlay);
        List<String> unread = new ArrayList<>();
        for (Rendered.Container container : rendered.containers()) {
            container.program().ifPresent(program -> {
                Set<String> given = rendered.veilVariables(container);
                given.removeAll(program.reads());
                given.forEach(v -> unread.add(container.owner() + " (" + program + ") is given " + v
                        + ", which " + program + " never reads"));
            });
        }
        assertEquals(List.of(), unread);
    }

    @ParameterizedTest(name = "overlay {0}")
    @MethodSource("overlays")
    void everyVariableAProgramRequiresIsGiven(String overlay) {
        Rendered rendered = Rendered.overlay(overlay);
        List<String> missing = new ArrayList<>();
        for (Rendered.Container container : rendered.containers()) {
            container.program().ifPresent(program -> {
                Set<String> required = new TreeSet<>(program.requires());
                required.removeAll(rendered.veilVariables(container));
                required.forEach(v -> missing.add(container.owner() + " (" + program + ") needs " + v));
            });
        }
        assertEquals(List.of(), missing);
    }

    @ParameterizedTest(name = "overlay {0}")
    @MethodSource("overlays")
    void everyProgramRunsInTheOverlay(String overlay) {
        Set<Program> running = EnumSet.noneOf(Program.class);
        Rendered.overlay(overlay).containers().forEach(c -> c.program().ifPresent(running::add));
        assertEquals(EnumSet.allOf(Program.class), running);
    }

    @Test
    void theDeclarationsNameWhatTheProgramsRead() {
        for (Program program : Program.values()) {
            Set<String> reads = program.reads();
            // Every program takes its log level from the shared logging configuration.
            assertTrue(reads.contains("VEIL_LOG_LEVEL"), program + " reads " + reads);
            assertTrue(reads.size() >= 3, program + " reads only " + reads);
        }
        assertFalse(Program.SINK.reads().contains("VEIL_MODEL"), "the sink does not read the inference's model");
    }

    @Test
    void aVariableNoProgramReadsIsReported() {
        Rendered rendered = Rendered.overlay("cpu");
        Rendered.Container inference = rendered.containers().stream()
                .filter(c -> c.program().orElse(null) == Program.INFERENCE).findFirst().orElseThrow();
        Set<String> given = rendered.veilVariables(inference);
        given.add("VEIL_MODLE");
        given.removeAll(Program.INFERENCE.reads());
        assertEquals(Set.of("VEIL_MODLE"), given);
    }
}
