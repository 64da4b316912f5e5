package dev.veil.testing;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.TestSource;
import org.junit.platform.engine.support.descriptor.ClassSource;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;

/**
 * Lists, at the end of a module's tests, every test that did not run and why: disabled ones, and those whose
 * assumptions failed (test data or a tool missing). A class skipped as a whole (an assumption in {@code @BeforeAll})
 * is one line with the number of tests it holds, which surefire's own count leaves out. The list goes to the console
 * and, when {@value #FOLDER_PROPERTY} is set (by the build), to {@code <folder>/<module>.txt}, from which the build
 * prints all modules' lists at its end. Registered for every module's tests through the frame-format test jar.
 */
public final class SkippedTestsReport implements TestExecutionListener {

    /** System property: the folder collecting every module's list. */
    public static final String FOLDER_PROPERTY = "veil.skipped.dir";
    /** System property: the module's name; without it, the name of the working folder. */
    public static final String MODULE_PROPERTY = "veil.module";

    /**
     * One test or class that did not run.
     *
     * @param name   class, or class.method
     * @param tests  tests that did not run because of it
     * @param reason why
     */
    public record Skip(String name, int tests, String reason) {
        String line() {
            return name + (tests > 1 ? " (the whole class, " + tests + " tests)" : "") + ": " + reason;
        }
    }

    private final List<Skip> skips = new ArrayList<>();
    private final PrintStream console;
    private TestPlan plan;

    public SkippedTestsReport() {
        this(System.out);
    }

    SkippedTestsReport(PrintStream console) {
        this.console = console;
    }

    @Override
    public void testPlanExecutionStarted(TestPlan testPlan) {
        plan = testPlan;
        skips.clear();
    }

    @Override
    public void executionSkipped(TestIdentifier id, String reason) {
        record(id, reason);
    }

    @Override
    public void executionFinished(TestIdentifier id, TestExecutionResult result) {
        if (result.getStatus() == TestExecutionResult.Status.ABORTED) {
            record(id, result.getThrowable().map(Throwable::getMessage).orElse(null));
        }
    }

    @Override
    public void testPlanExecutionFinished(TestPlan testPlan) {
        List<String> lines = lines();
        if (!lines.isEmpty()) {
            console.println();
            lines.forEach(console::println);
        }
        String folder = System.getProperty(FOLDER_PROPERTY);
        if (folder != null && !folder.isBlank()) {
            write(Path.of(folder).resolve(module() + ".txt"), lines);
        }
    }

    /** What did not run so far, in the order met. */
    public List<Skip> skips() {
        return List.copyOf(skips);
    }

    /** The report: a heading with the count, then one line per skip; empty when everything ran. */
    List<String> lines() {
        if (skips.isEmpty()) {
            return List.of();
        }
        int tests = skips.stream().mapToInt(Skip::tests).sum();
        List<String> lines = new ArrayList<>();
        lines.add("Skipped in " + module() + ": " + tests + (tests == 1 ? " test" : " tests") + ", and why:");
        skips.forEach(s -> lines.add("  " + s.line()));
        return lines;
    }

    private void record(TestIdentifier id, String reason) {
        if (plan == null || id.getParentId().isEmpty()) {
            return; // an engine: its classes and tests are reported one by one
        }
        skips.add(new Skip(nameOf(id), testsUnder(id), cleaned(reason)));
    }

    /** A test counts one; a class, every test method it declares (a parameterized test counts one). */
    private int testsUnder(TestIdentifier id) {
        if (id.isTest()) {
            return 1;
        }
        long n = plan.getDescendants(id).stream()
                .filter(d -> d.isTest() || d.getSource().filter(MethodSource.class::isInstance).isPresent())
                .filter(d -> !isInvocation(d))
                .count();
        return (int) Math.max(1, n);
    }

    /** {@code Class}, {@code Class.method}, or for one case of a parameterized test {@code Class.method [2] ...}. */
    private String nameOf(TestIdentifier id) {
        Optional<TestSource> source = id.getSource();
        if (source.isPresent() && source.get() instanceof ClassSource c) {
            return simpleName(c.getClassName());
        }
        if (source.isPresent() && source.get() instanceof MethodSource m) {
            String name = simpleName(m.getClassName()) + "." + m.getMethodName();
            return isInvocation(id) ? name + " " + id.getDisplayName() : name;
        }
        return id.getDisplayName();
    }

    /** One run of a parameterized or repeated test: its source is its method's, as its parent's is. */
    private boolean isInvocation(TestIdentifier id) {
        Optional<TestSource> own = id.getSource();
        return own.isPresent() && plan.getParent(id).flatMap(TestIdentifier::getSource).filter(own.get()::equals)
                .isPresent();
    }

    private static String simpleName(String className) {
        return className.substring(className.lastIndexOf('.') + 1);
    }

    private static String cleaned(String reason) {
        if (reason == null || reason.isBlank()) {
            return "no reason given";
        }
        String one = reason.strip().replaceAll("\\s*\\R\\s*", " ");
        one = one.replaceFirst("^Assumption failed: ", "").replaceFirst("^(?i)skipped: ", "");
        return one;
    }

    private static String module() {
        String module = System.getProperty(MODULE_PROPERTY);
        return module != null && !module.isBlank() ? module : Path.of("").toAbsolutePath().getFileName().toString();
    }

    private static void write(Path file, List<String> lines) {
        try {
            Files.createDirectories(file.getParent());
            if (lines.isEmpty()) {
                Files.deleteIfExists(file);
            } else {
                Files.write(file, lines, StandardCharsets.UTF_8);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the list of skipped tests to " + file, e);
        }
    }
}
