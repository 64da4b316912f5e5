package dev.veil.inference;

import static org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_COLOR;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imread;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.veil.frame.SharedTestData;
import java.nio.file.Files;
import java.nio.file.Path;
import org.bytedeco.opencv.opencv_core.Mat;

/** Where the test photos and models are: ../shared (optional, tests skip without it) and the repo's own sample. */
public final class TestImages {

    private TestImages() {
    }

    /** A file under ../shared, or the test is skipped (not failed) with a message saying what is missing. */
    static Path sharedOrSkip(String relative) {
        return SharedTestData.fileOrSkip(relative);
    }

    /** veil-run's public-domain sample portrait (one face), part of this repository. */
    public static Path astronaut() {
        Path path = Path.of("..", "veil-run", "src", "main", "resources", "dev", "veil", "run", "sample", "astronaut.jpg");
        assertTrue(Files.isRegularFile(path), "the repository's sample portrait is missing: " + path.toAbsolutePath());
        return path;
    }

    /** Reads a colour image; the caller closes it. */
    public static Mat read(Path path) {
        Mat image = imread(path.toString(), IMREAD_COLOR);
        assertFalse(image.empty(), "OpenCV could not read " + path);
        return image;
    }
}
