package dev.veil.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.veil.config.Setting;
import dev.veil.config.SharedSettings;
import dev.veil.testing.ReadmeTables;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * README's table of the vertices' variables lists exactly the settings each program declares, with the declared
 * defaults: a setting added, renamed or given another default in the code and not in README fails here.
 */
class ReadmeSettingsTest {

    private static final String HEADING = "### Vertices (environment variables)";

    @Test
    void theTableListsEveryProgramsDeclaredSettingsWithTheirDefaults() {
        Map<Program, Map<String, String>> documented = documented();
        List<String> wrong = new ArrayList<>();
        for (Program program : Program.values()) {
            Map<String, String> rows = documented.getOrDefault(program, Map.of());
            Set<String> declared = new TreeSet<>(program.reads());
            // Every program reads it; README says so once, above the table.
            declared.remove(SharedSettings.LOG_LEVEL.name());
            Set<String> missing = new TreeSet<>(declared);
            missing.removeAll(rows.keySet());
            missing.forEach(name -> wrong.add(program.image() + ": " + name + " is not in README's table"));
            Set<String> extra = new TreeSet<>(rows.keySet());
            extra.removeAll(declared);
            extra.forEach(name -> wrong.add(program.image() + ": README lists " + name + ", which it does not read"));
            rows.forEach((name, cell) -> program.settings().setting(name).ifPresent(setting -> {
                if (!ReadmeTables.saysDefault(cell, setting.defaultText())) {
                    wrong.add(program.image() + ": README gives " + name + " the default " + cell + ", the code "
                            + setting.defaultText());
                }
            }));
        }
        assertEquals(List.of(), wrong);
    }

    @Test
    void theLogLevelEveryProgramReadsIsSaidOnceAboveTheTable() throws IOException {
        Setting<String> level = SharedSettings.LOG_LEVEL;
        String readme = Files.readString(Repo.root().resolve("README.md"));
        assertTrue(readme.contains("`" + level.name() + "` (default `" + level.defaultValue() + "`)"), level.name());
    }

    /** README's rows by program and variable: the default each gives. */
    private static Map<Program, Map<String, String>> documented() {
        Map<Program, Map<String, String>> byProgram = new EnumMap<>(Program.class);
        Program current = null;
        for (List<String> row : ReadmeTables.under(HEADING)) {
            if (!row.get(0).isEmpty()) {
                String name = row.get(0).split(" ")[0];
                current = Program.ofImage(name)
                        .orElseThrow(() -> new AssertionError("README's table names a program Veil has not: " + name));
            }
            List<String> variables = Arrays.stream(ReadmeTables.plain(row.get(1)).split(", ")).toList();
            List<String> defaults = variables.size() == 1 ? List.of(row.get(2)) : List.of(row.get(2).split(", "));
            assertEquals(variables.size(), defaults.size(), "one default per variable in " + row);
            Map<String, String> rows = byProgram.computeIfAbsent(current, p -> new LinkedHashMap<>());
            for (int i = 0; i < variables.size(); i++) {
                rows.put(variables.get(i), defaults.get(i));
            }
        }
        return byProgram;
    }
}
