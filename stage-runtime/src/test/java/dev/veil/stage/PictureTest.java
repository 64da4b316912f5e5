package dev.veil.stage;

import static org.bytedeco.opencv.global.opencv_core.CV_8UC1;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.veil.frame.InvalidFrameException;
import dev.veil.frame.JpegCodec;
import dev.veil.frame.TestJpegs;
import java.util.Arrays;
import org.bytedeco.javacpp.indexer.UByteIndexer;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.junit.jupiter.api.Test;

class PictureTest {

    @Test
    void aJpegIsDecodedOnlyWhenItsPixelsAreAskedFor() throws Exception {
        try (Picture picture = Picture.ofJpeg(TestJpegs.jpeg(160, 90), 160, 90)) {
            assertFalse(picture.decoded());
            assertEquals(160, picture.width());
            assertEquals(90, picture.height());
            assertFalse(picture.decoded(), "its size comes from the header, not from decoding");

            Mat pixels = picture.pixels();

            assertTrue(picture.decoded());
            assertEquals(160, pixels.cols());
            assertEquals(90, pixels.rows());
            assertEquals(CV_8UC3, pixels.type());
            assertSame(pixels, picture.pixels(), "decoded once, then kept");
        }
    }

    @Test
    void aJpegThatDecodesToAnotherSizeThanDeclaredIsInvalid() {
        try (Picture picture = Picture.ofJpeg(TestJpegs.jpeg(160, 90), 80, 45)) {
            InvalidFrameException e = assertThrows(InvalidFrameException.class, picture::pixels);

            assertEquals("JPEG decodes to 160x90, not the 80x45 its header declares", e.getMessage());
            assertFalse(picture.decoded());
        }
    }

    @Test
    void bytesThatAreNotAJpegAreInvalidWhenDecoded() {
        try (Picture picture = Picture.ofJpeg("not a jpeg at all".getBytes(), 160, 90)) {
            assertThrows(InvalidFrameException.class, picture::pixels);
        }
    }

    @Test
    void aPictureOfNoPixelsIsRefused() {
        byte[] jpeg = TestJpegs.jpeg(16, 16);
        assertThrows(IllegalArgumentException.class, () -> Picture.ofJpeg(jpeg, 0, 16));
        assertThrows(IllegalArgumentException.class, () -> Picture.ofJpeg(jpeg, 16, -1));
    }

    @Test
    void anUnchangedPictureKeepsTheJpegItCameAsEvenOnceDecoded() throws Exception {
        byte[] jpeg = TestJpegs.jpeg(160, 90);
        try (Picture picture = Picture.ofJpeg(jpeg, 160, 90)) {
            assertSame(jpeg, picture.unchangedJpeg().orElseThrow());

            picture.pixels();

            assertSame(jpeg, picture.unchangedJpeg().orElseThrow());
            assertSame(jpeg, picture.jpeg(50), "no second generation for an unchanged picture");
        }
    }

    @Test
    void aChangedPictureDropsItsJpegAndIsEncodedAtTheQualityAsked() throws Exception {
        byte[] jpeg = TestJpegs.jpeg(160, 90);
        try (Picture picture = Picture.ofJpeg(jpeg, 160, 90)) {
            Mat pixels = picture.pixels();
            opencv_core.bitwise_not(pixels, pixels);

            picture.changed();

            assertTrue(picture.unchangedJpeg().isEmpty());
            byte[] encoded = picture.jpeg(40);
            assertArrayEquals(JpegCodec.encode(pixels, 40), encoded);
            assertFalse(Arrays.equals(jpeg, encoded));
        }
    }

    @Test
    void aPictureMadeFromPixelsIsDecodedAndHasNoJpeg() throws Exception {
        Mat bgr = new Mat(45, 80, CV_8UC3, new Scalar(10, 20, 30, 0));
        try (Picture picture = Picture.of(bgr)) {
            assertTrue(picture.decoded());
            assertEquals(80, picture.width());
            assertEquals(45, picture.height());
            assertSame(bgr, picture.pixels());
            assertTrue(picture.unchangedJpeg().isEmpty());
        }
    }

    @Test
    void onlyANonEmptyEightBitBgrImageMakesAPicture() {
        try (Mat grey = new Mat(10, 10, CV_8UC1, new Scalar(0));
             Mat empty = new Mat()) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Picture.of(grey));
            assertTrue(e.getMessage().contains("8-bit BGR"), e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> Picture.of(empty));
        }
    }

    @Test
    void greyEighthFromAJpegRoundsItsSidesUpWithoutDecodingThePicture() throws Exception {
        try (Picture picture = Picture.ofJpeg(TestJpegs.jpeg(100, 60), 100, 60);
             Mat small = picture.greyEighth()) {
            assertEquals(13, small.cols());
            assertEquals(8, small.rows());
            assertEquals(CV_8UC1, small.type());
            assertFalse(picture.decoded());
        }
    }

    @Test
    void greyEighthFromPixelsRoundsItsSidesUp() throws Exception {
        try (Picture picture = Picture.of(new Mat(60, 100, CV_8UC3, new Scalar(10, 20, 30, 0)));
             Mat small = picture.greyEighth()) {
            assertEquals(13, small.cols());
            assertEquals(8, small.rows());
            assertEquals(CV_8UC1, small.type());
        }
    }

    @Test
    void greyEighthFromTheJpegAndFromItsPixelsAgreeWhenTheSidesAreMultiplesOfEight() throws Exception {
        Difference d = greyEighthBothWays(96, 64);

        assertEquals(12, d.width());
        assertEquals(8, d.height());
        assertTrue(d.largest() <= 2 && Math.abs(d.meanJpeg() - d.meanPixels()) < 0.5, d.toString());
    }

    @Test
    void greyEighthFromTheJpegAndFromItsPixelsAgreeRoughlyWhenASideIsNot() throws Exception {
        // libjpeg averages whole 8x8 blocks, the last ones padded with copies of the edge; the pixels are averaged
        // over 100/13 x 60/8 areas. On this gradient (1.2 grey levels a row) that is a few levels apart at most.
        Difference d = greyEighthBothWays(100, 60);

        assertEquals(13, d.width());
        assertEquals(8, d.height());
        assertTrue(d.largest() <= 6 && Math.abs(d.meanJpeg() - d.meanPixels()) < 3, d.toString());
    }

    @Test
    void takePixelsHandsThemOverAndEndsThePicture() throws Exception {
        Picture picture = Picture.ofJpeg(TestJpegs.jpeg(160, 90), 160, 90);

        try (Mat taken = picture.takePixels()) {
            assertEquals(160, taken.cols());
            assertEquals(90, taken.rows());
            assertThrows(IllegalStateException.class, picture::pixels);
            assertThrows(IllegalStateException.class, picture::greyEighth);
            assertThrows(IllegalStateException.class, () -> picture.jpeg(90));
            assertTrue(picture.unchangedJpeg().isEmpty());

            picture.close();

            assertFalse(taken.isNull(), "closing the picture leaves the pixels it handed over");
            assertEquals(160 * 90 * 3, taken.total() * taken.channels());
        }
    }

    @Test
    void closeReleasesThePixelsAndMayBeCalledAgain() throws Exception {
        Picture picture = Picture.ofJpeg(TestJpegs.jpeg(160, 90), 160, 90);
        Mat pixels = picture.pixels();

        picture.close();
        picture.close();

        assertTrue(pixels.isNull(), "the pixels are released");
        assertFalse(picture.decoded());
        assertThrows(IllegalStateException.class, picture::pixels);
        assertThrows(IllegalStateException.class, picture::copyOfPixels);
    }

    @Test
    void aCopyOfThePixelsBelongsToTheCaller() throws Exception {
        try (Picture picture = Picture.of(new Mat(4, 4, CV_8UC3, new Scalar(10, 20, 30, 0)));
             Mat copy = picture.copyOfPixels()) {
            copy.put(new Scalar(200, 200, 200, 0));

            assertEquals(10.0, mean(picture.pixels(), 0));
            assertEquals(200.0, mean(copy, 0));
        }
    }

    /** How greyEighth of the same JPEG differs when made from the JPEG and when made from its decoded pixels. */
    private record Difference(int width, int height, double largest, double meanJpeg, double meanPixels) {
    }

    private static Difference greyEighthBothWays(int width, int height) throws InvalidFrameException {
        byte[] jpeg;
        try (Mat smooth = smooth(width, height)) {
            jpeg = JpegCodec.encode(smooth, 95);
        }
        try (Picture undecoded = Picture.ofJpeg(jpeg, width, height);
             Picture decoded = Picture.ofJpeg(jpeg, width, height)) {
            decoded.pixels();
            try (Mat fromJpeg = undecoded.greyEighth();
                 Mat fromPixels = decoded.greyEighth();
                 Mat difference = new Mat()) {
                assertFalse(undecoded.decoded());
                assertEquals(fromJpeg.cols(), fromPixels.cols());
                assertEquals(fromJpeg.rows(), fromPixels.rows());
                opencv_core.absdiff(fromJpeg, fromPixels, difference);
                double[] largest = new double[1];
                opencv_core.minMaxLoc(difference, null, largest, null, null, null);
                return new Difference(fromJpeg.cols(), fromJpeg.rows(), largest[0], mean(fromJpeg), mean(fromPixels));
            }
        }
    }

    /** A BGR picture whose colours change slowly across it (no edges, where JPEG and scaling differ the most). */
    private static Mat smooth(int width, int height) {
        Mat image = new Mat(height, width, CV_8UC3);
        try (UByteIndexer px = image.createIndexer()) {
            for (int y = 0; y < height; y++) {
                for (int x = 0; x < width; x++) {
                    px.put(y, x, 0, 30 + x);
                    px.put(y, x, 1, 50 + 2 * y);
                    px.put(y, x, 2, 200 - x);
                }
            }
        }
        return image;
    }

    private static double mean(Mat image) {
        return mean(image, 0);
    }

    private static double mean(Mat image, int channel) {
        try (Scalar mean = opencv_core.mean(image)) {
            return mean.get(channel);
        }
    }
}
