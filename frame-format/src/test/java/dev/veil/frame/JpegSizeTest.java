package dev.veil.frame;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class JpegSizeTest {

    @Test
    void readsTheSizeOfARealJpeg() throws Exception {
        assertEquals(new JpegSize(321, 123), JpegSize.of(TestJpegs.jpeg(321, 123)));
    }

    @Test
    void refusesBytesThatAreNotAJpeg() {
        InvalidFrameException e = assertThrows(InvalidFrameException.class,
                () -> JpegSize.of("GIF89a not a jpeg".getBytes()));
        assertTrue(e.getMessage().contains("not a JPEG"), e.getMessage());
    }

    @Test
    void refusesAJpegCutBeforeItsFrameHeader() {
        byte[] jpeg = TestJpegs.jpeg(64, 48);
        byte[] cut = Arrays.copyOf(jpeg, 30); // inside the APP0/DQT segments, before SOF0
        InvalidFrameException e = assertThrows(InvalidFrameException.class, () -> JpegSize.of(cut));
        assertTrue(e.getMessage().contains("truncated"), e.getMessage());
    }

    @Test
    void skipsFillBytesBeforeMarkers() throws Exception {
        byte[] jpeg = TestJpegs.jpeg(40, 30);
        byte[] padded = new byte[jpeg.length + 3];
        padded[0] = (byte) 0xFF;
        padded[1] = (byte) 0xD8;
        padded[2] = (byte) 0xFF;
        padded[3] = (byte) 0xFF;
        padded[4] = (byte) 0xFF;
        System.arraycopy(jpeg, 2, padded, 5, jpeg.length - 2);
        assertEquals(new JpegSize(40, 30), JpegSize.of(padded));
    }
}
