package dev.veil.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.veil.frame.TestJpegs;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class JpegStreamCounterTest {

    @Test
    void picturesBackToBackAreCountedWithTheirBytes() throws Exception {
        byte[] a = TestJpegs.jpeg(64, 48);
        byte[] b = TestJpegs.jpeg(320, 240);
        byte[] stream = concat(a, b, a);
        assertEquals(new JpegStreamCounter.Count(3, stream.length), count(stream));
        assertEquals(new JpegStreamCounter.Count(0, 0), count(new byte[0]));
    }

    @Test
    void anEndMarkerInsideASegmentIsNotTheEndOfThePicture() throws Exception {
        byte[] jpeg = TestJpegs.jpeg(64, 48);
        // A comment segment (FF FE) holding FF D9 right after the start marker: a naive search would split here.
        byte[] comment = {(byte) 0xFF, (byte) 0xFE, 0x00, 0x06, (byte) 0xFF, (byte) 0xD9, (byte) 0xFF, (byte) 0xD9};
        byte[] tricky = concat(Arrays.copyOf(jpeg, 2), comment, Arrays.copyOfRange(jpeg, 2, jpeg.length));
        assertEquals(2, count(concat(tricky, tricky)).pictures());
    }

    @Test
    void aPictureCutShortIsNotCountedAndGarbageIsRefused() throws Exception {
        byte[] jpeg = TestJpegs.jpeg(64, 48);
        assertEquals(1, count(concat(jpeg, Arrays.copyOf(jpeg, jpeg.length / 2))).pictures());
        assertThrows(IOException.class, () -> count("not a jpeg".getBytes()));
    }

    private static JpegStreamCounter.Count count(byte[] bytes) throws IOException {
        return JpegStreamCounter.count(new ByteArrayInputStream(bytes));
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }
}
