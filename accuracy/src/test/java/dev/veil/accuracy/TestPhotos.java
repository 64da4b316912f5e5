package dev.veil.accuracy;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.veil.frame.SharedTestData;
import java.nio.file.Files;
import java.nio.file.Path;

/** Where the tests find the set's photos: ../shared/media (optional) and veil-run's portrait (in the repository). */
final class TestPhotos {

    private TestPhotos() {
    }

    /** ../shared/media, or the test is skipped with a message saying so. */
    static Path sharedMediaOrSkip() {
        return SharedTestData.fileOrSkip("media/test.jpg").getParent();
    }

    /** The folder of veil-run's public-domain portrait, part of this repository. */
    static Path portraitFolder() {
        Path folder = Path.of("..", "veil-run", "src", "main", "resources", "dev", "veil", "run", "sample");
        assertTrue(Files.isRegularFile(folder.resolve(TruthSet.PORTRAIT)),
                "the repository's sample portrait is missing: " + folder.toAbsolutePath());
        return folder;
    }
}
