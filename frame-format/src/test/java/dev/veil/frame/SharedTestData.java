package dev.veil.frame;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;

/**
 * The test data beside the checkout ({@code ../shared}: models, photos with faces). Optional: a test that needs
 * a file from there is skipped, with a message saying what is missing, on a machine that does not have it.
 */
public final class SharedTestData {

    private SharedTestData() {
    }

    /** A file under ../shared, or the test is skipped (not failed). */
    public static Path fileOrSkip(String relative) {
        String dir = System.getProperty("veil.shared.dir");
        Path path = dir == null ? null : Path.of(dir).resolve(relative);
        Assumptions.assumeTrue(path != null && Files.isRegularFile(path),
                "skipped: needs ../shared/" + relative + " (test data beside the checkout; system property"
                        + " veil.shared.dir=" + dir + ")");
        return path;
    }
}
