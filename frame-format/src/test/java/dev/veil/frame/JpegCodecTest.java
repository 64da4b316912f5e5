package dev.veil.frame;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;
import static org.bytedeco.opencv.global.opencv_core.PSNR;

import java.util.Arrays;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.junit.jupiter.api.Test;

class JpegCodecTest {

    @Test
    void encodesAndDecodesWithTheDeclaredSize() throws Exception {
        try (Mat image = new Mat(90, 160, CV_8UC3, new Scalar(20, 120, 220, 0))) {
            byte[] jpeg = JpegCodec.encode(image, 90);
            assertEquals(new JpegSize(160, 90), JpegSize.of(jpeg));
            try (Mat back = JpegCodec.decode(jpeg)) {
                assertEquals(160, back.cols());
                assertEquals(90, back.rows());
                assertEquals(3, back.channels());
                assertTrue(PSNR(image, back) > 40, "a flat image survives JPEG almost exactly");
            }
        }
    }

    @Test
    void qualityChangesTheSize() {
        byte[] source = TestJpegs.jpeg(200, 100);
        try (Mat image = decodeUnchecked(source)) {
            assertTrue(JpegCodec.encode(image, 30).length < JpegCodec.encode(image, 95).length);
        }
    }

    @Test
    void garbageIsRefused() {
        byte[] garbage = new byte[500];
        Arrays.fill(garbage, (byte) 7);
        assertThrows(InvalidFrameException.class, () -> JpegCodec.decode(garbage));
    }

    @Test
    void decodesWhatImageIoEncoded() throws Exception {
        byte[] jpeg = TestJpegs.jpeg(64, 32);
        try (Mat image = JpegCodec.decode(jpeg)) {
            assertArrayEquals(new int[] {64, 32}, new int[] {image.cols(), image.rows()});
        }
    }

    @Test
    void qualityOutsideTheRangeIsAProgrammingError() {
        try (Mat image = new Mat(8, 8, CV_8UC3, new Scalar(0, 0, 0, 0))) {
            assertThrows(IllegalArgumentException.class, () -> JpegCodec.encode(image, 0));
        }
    }

    private static Mat decodeUnchecked(byte[] jpeg) {
        try {
            return JpegCodec.decode(jpeg);
        } catch (InvalidFrameException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void aSmallJpegClaimingAHugePictureIsRefusedBeforeDecoding() throws Exception {
        byte[] small = TestJpegs.jpeg(16, 16);
        // An honest picture just at the limit still passes the size check (it is not decoded here: 100 MB).
        assertEquals(new JpegSize(7680, 4320), JpegSize.decodable(TestJpegs.withDeclaredSize(small, 7680, 4320)));
        byte[] bomb = TestJpegs.withDeclaredSize(small, 16_384, 16_384);
        assertTrue(bomb.length < 1_000, bomb.length + " bytes");

        InvalidFrameException e = assertThrows(InvalidFrameException.class, () -> JpegCodec.decode(bomb));

        assertTrue(e.getMessage().contains("16384x16384") && e.getMessage().contains("more than"), e.getMessage());
        assertThrows(InvalidFrameException.class,
                () -> JpegCodec.decode(TestJpegs.withDeclaredSize(small, 7681, 4320)));
    }
}
