package dev.veil.sink;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.veil.frame.InvalidFrameException;
import dev.veil.frame.JpegCodec;
import dev.veil.frame.SharedTestData;
import dev.veil.frame.v1.Detection;
import dev.veil.stage.FaceBox;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;

/**
 * Real photographs with faces, and where those faces are: boxes annotated by hand (the same as inference's
 * {@code annotated-faces.csv}), so no detector decides what the tests check.
 */
public final class Photos {

    /** veil-run's public-domain sample portrait, 512x512, read in place from the repository. */
    public static final Path ASTRONAUT = Path.of("..", "veil-run", "src", "main", "resources", "dev", "veil", "run",
            "sample", "astronaut.jpg");
    /** The astronaut's face, hairline to chin, in pixels. */
    public static final Rect ASTRONAUT_FACE = new Rect(180, 70, 92, 114);
    /** zidane.jpg's two faces (1280x720), in pixels. */
    public static final List<Rect> ZIDANE_FACES = List.of(new Rect(910, 105, 148, 177), new Rect(538, 255, 126, 195));

    private Photos() {
    }

    public static byte[] astronautJpeg() {
        assertTrue(Files.isRegularFile(ASTRONAUT), "the sample portrait is part of the repository: " + ASTRONAUT.toAbsolutePath());
        try {
            return Files.readAllBytes(ASTRONAUT);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Mat astronaut() throws InvalidFrameException {
        return JpegCodec.decode(astronautJpeg());
    }

    /** ../shared/media/zidane.jpg, or the test is skipped. */
    public static Mat zidane() throws IOException, InvalidFrameException {
        return JpegCodec.decode(Files.readAllBytes(SharedTestData.fileOrSkip("media/zidane.jpg")));
    }

    /** A face box given in pixels of a {@code width} x {@code height} picture, as the wire carries it (floats). */
    public static FaceBox box(Rect face, int width, int height, float score) {
        Detection d = detection(face, width, height, score);
        return FaceBox.found(d.getXMin(), d.getYMin(), d.getXMax(), d.getYMax(), d.getScore());
    }

    /** A detection of a face box given in pixels of a {@code width} x {@code height} picture. */
    public static Detection detection(Rect face, int width, int height, float score) {
        return Detection.newBuilder()
                .setXMin((float) face.x() / width).setYMin((float) face.y() / height)
                .setXMax((float) (face.x() + face.width()) / width).setYMax((float) (face.y() + face.height()) / height)
                .setScore(score).build();
    }
}
