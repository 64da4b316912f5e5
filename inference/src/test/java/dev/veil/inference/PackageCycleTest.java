package dev.veil.inference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The packages of {@code dev.veil.inference} depend on each other in one direction only: a package's sources name
 * another package of the module (by an import or a qualified name) only where that package never leads back.
 */
class PackageCycleTest {

    private static final String ROOT = "dev.veil.inference";
    private static final Path SOURCES = Path.of("src/main/java/dev/veil/inference");
    /** A reference to a type of the module: its package is everything before the first capitalised segment. */
    private static final Pattern REFERENCE = Pattern.compile("\\bdev\\.veil\\.inference((?:\\.[a-z]\\w*)*)\\.[A-Z]");

    @Test
    void noPackageOfTheModuleDependsOnItselfThroughAnother() {
        Map<String, Set<String>> graph = dependencies(SOURCES);
        assertTrue(graph.size() > 1, "found the module's packages: " + graph.keySet());
        List<List<String>> cycles = cycles(graph);
        assertEquals(List.of(), cycles, "package cycles (each a strongly connected set), with the graph " + graph);
    }

    @Test
    void theCheckFindsACycle() {
        Map<String, Set<String>> graph = new TreeMap<>(Map.of(
                "a", Set.of("b"), "b", Set.of("c"), "c", Set.of("a"), "d", Set.of("a")));
        assertEquals(List.of(List.of("a", "b", "c")), cycles(graph));
        assertEquals(List.of(), cycles(Map.of("a", Set.of("b"), "b", Set.of())));
    }

    /** Each package of the module with the other packages of the module its main sources name. */
    static Map<String, Set<String>> dependencies(Path sources) {
        Map<String, Set<String>> graph = new TreeMap<>();
        try (Stream<Path> files = Files.walk(sources)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                String pkg = ROOT + packageSuffix(sources.relativize(file.getParent()));
                Set<String> uses = graph.computeIfAbsent(pkg, p -> new TreeSet<>());
                Matcher m = REFERENCE.matcher(Files.readString(file));
                while (m.find()) {
                    String used = ROOT + m.group(1);
                    if (!used.equals(pkg)) {
                        uses.add(used);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return graph;
    }

    private static String packageSuffix(Path relative) {
        String path = relative.toString().replace('\\', '/');
        return path.isEmpty() ? "" : "." + path.replace('/', '.');
    }

    /** Tarjan's strongly connected components of more than one package (or a package that names itself). */
    static List<List<String>> cycles(Map<String, Set<String>> graph) {
        Tarjan tarjan = new Tarjan(graph);
        for (String node : new TreeSet<>(graph.keySet())) {
            if (!tarjan.index.containsKey(node)) {
                tarjan.visit(node);
            }
        }
        return tarjan.cycles;
    }

    private static final class Tarjan {
        final Map<String, Set<String>> graph;
        final Map<String, Integer> index = new TreeMap<>();
        final Map<String, Integer> low = new TreeMap<>();
        final List<String> stack = new ArrayList<>();
        final Set<String> onStack = new TreeSet<>();
        final List<List<String>> cycles = new ArrayList<>();

        Tarjan(Map<String, Set<String>> graph) {
            this.graph = graph;
        }

        void visit(String node) {
            index.put(node, index.size());
            low.put(node, index.get(node));
            stack.add(node);
            onStack.add(node);
            for (String next : graph.getOrDefault(node, Set.of())) {
                if (!index.containsKey(next)) {
                    visit(next);
                    low.put(node, Math.min(low.get(node), low.get(next)));
                } else if (onStack.contains(next)) {
                    low.put(node, Math.min(low.get(node), index.get(next)));
                }
            }
            if (low.get(node).equals(index.get(node))) {
                List<String> component = new ArrayList<>();
                String member;
                do {
                    member = stack.remove(stack.size() - 1);
                    onStack.remove(member);
                    component.add(member);
                } while (!member.equals(node));
                if (component.size() > 1 || graph.getOrDefault(node, Set.of()).contains(node)) {
                    component.sort(null);
                    cycles.add(component);
                }
            }
        }
    }
}
