package dev.veil.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.core.LauncherConfig;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/** The list of skipped tests, from real runs of the JUnit platform over the fixture classes below. */
class SkippedTestsReportTest {

    /** A class whose tools are missing: everything in it is skipped before any test starts. */
    static class WholeClassSkipped {
        @BeforeAll
        static void needsTheServer() {
            Assumptions.assumeTrue(false, "skipped: needs GStreamer's RTSP server");
        }

        @Test
        void one() {
        }

        @Test
        void two() {
        }

        @ParameterizedTest
        @ValueSource(strings = {"tcp", "udp"})
        void overEither(String transport) {
        }
    }

    /** A class where some tests run and some do not. */
    static class SomeSkipped {
        @Test
        void runs() {
        }

        @Test
        void needsData() {
            Assumptions.assumeTrue(false, "needs ../shared/media/zidane.jpg\n(test data beside the checkout)");
        }

        @Test
        @Disabled("waits for a GPU")
        void disabled() {
        }

        @ParameterizedTest
        @ValueSource(ints = {1, 2})
        void onlyTheSecond(int n) {
            Assumptions.assumeTrue(n == 1, "not this one");
        }
    }

    /** Every test ran. */
    static class NothingSkipped {
        @Test
        void runs() {
        }
    }

    @Test
    void aClassSkippedInBeforeAllIsOneLineCountingItsTests() {
        SkippedTestsReport report = run(WholeClassSkipped.class);

        assertEquals(List.of(new SkippedTestsReport.Skip("SkippedTestsReportTest$WholeClassSkipped", 3,
                "needs GStreamer's RTSP server")), report.skips());
        assertEquals(List.of("Skipped in " + module() + ": 3 tests, and why:",
                "  SkippedTestsReportTest$WholeClassSkipped (the whole class, 3 tests): needs GStreamer's RTSP server"),
                report.lines());
    }

    @Test
    void eachSkippedTestIsListedWithItsReasonOnOneLine() {
        SkippedTestsReport report = run(SomeSkipped.class);

        List<SkippedTestsReport.Skip> skips = report.skips();
        assertEquals(3, skips.size(), skips.toString());
        assertTrue(skips.contains(new SkippedTestsReport.Skip("SkippedTestsReportTest$SomeSkipped.needsData", 1,
                "needs ../shared/media/zidane.jpg (test data beside the checkout)")), skips.toString());
        assertTrue(skips.contains(new SkippedTestsReport.Skip("SkippedTestsReportTest$SomeSkipped.disabled", 1,
                "waits for a GPU")), skips.toString());
        SkippedTestsReport.Skip oneCase = skips.stream().filter(s -> s.name().contains("onlyTheSecond")).findFirst()
                .orElseThrow();
        assertTrue(oneCase.name().startsWith("SkippedTestsReportTest$SomeSkipped.onlyTheSecond [2] "), oneCase.name());
        assertEquals("not this one", oneCase.reason());
        assertEquals("Skipped in " + module() + ": 3 tests, and why:", report.lines().get(0));
    }

    @Test
    void nothingIsPrintedWhenEverythingRan() {
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        SkippedTestsReport report = run(NothingSkipped.class, console);

        assertEquals(List.of(), report.skips());
        assertEquals("", console.toString(StandardCharsets.UTF_8));
    }

    private static SkippedTestsReport run(Class<?> fixture) {
        return run(fixture, new ByteArrayOutputStream());
    }

    private static SkippedTestsReport run(Class<?> fixture, ByteArrayOutputStream console) {
        String folder = System.clearProperty(SkippedTestsReport.FOLDER_PROPERTY); // the module's own list stays
        try {
            SkippedTestsReport report = new SkippedTestsReport(new PrintStream(console, true, StandardCharsets.UTF_8));
            // Without the listeners registered for the module's own run, which would report these fixtures.
            Launcher launcher = LauncherFactory.create(LauncherConfig.builder()
                    .enableTestExecutionListenerAutoRegistration(false).build());
            launcher.execute(LauncherDiscoveryRequestBuilder.request().selectors(selectClass(fixture)).build(), report);
            return report;
        } finally {
            if (folder != null) {
                System.setProperty(SkippedTestsReport.FOLDER_PROPERTY, folder);
            }
        }
    }

    private static String module() {
        String module = System.getProperty(SkippedTestsReport.MODULE_PROPERTY);
        return module != null ? module : java.nio.file.Path.of("").toAbsolutePath().getFileName().toString();
    }
}
