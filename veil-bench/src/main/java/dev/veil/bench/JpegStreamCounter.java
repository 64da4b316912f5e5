package dev.veil.bench;

import java.io.IOException;
import java.io.InputStream;

/**
 * Counts the JPEG pictures in a stream of them written back to back (what {@code ffmpeg -f image2pipe} and
 * GStreamer's {@code jpegenc ! fdsink} write), by walking the markers: segment lengths are skipped, and inside the
 * entropy-coded data only a 0xFF followed by a byte other than 0x00 or a restart marker ends it. So a 0xFFD9 that
 * happens to sit in a table is never taken for the end of a picture.
 */
final class JpegStreamCounter {

    private static final int SOI = 0xD8;
    private static final int EOI = 0xD9;
    private static final int SOS = 0xDA;

    /**
     * @param pictures complete pictures (start to end marker)
     * @param bytes    bytes read in all
     */
    record Count(long pictures, long bytes) {
    }

    private final InputStream in;
    private long bytes;

    private JpegStreamCounter(InputStream in) {
        this.in = in;
    }

    /** Reads {@code in} to its end. */
    static Count count(InputStream in) throws IOException {
        JpegStreamCounter counter = new JpegStreamCounter(in);
        long pictures = 0;
        while (counter.picture()) {
            pictures++;
        }
        return new Count(pictures, counter.bytes);
    }

    /** Reads one picture; false at the end of the stream (or of what could be parsed). */
    private boolean picture() throws IOException {
        int b = read();
        if (b < 0) {
            return false;
        }
        if (b != 0xFF || read() != SOI) {
            throw new IOException("not a JPEG stream: a picture does not start with FF D8 at byte " + (bytes - 1));
        }
        int marker = nextMarker();
        while (marker >= 0) {
            if (marker == EOI) {
                return true;
            }
            if (marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7)) {
                marker = nextMarker();
                continue;
            }
            int length = (read() << 8) | read();
            if (length < 2) {
                throw new IOException("JPEG segment with length " + length);
            }
            skip(length - 2);
            marker = marker == SOS ? afterEntropyData() : nextMarker();
        }
        return false;
    }

    /** After a segment: the next marker byte (skipping fill bytes), or -1 at the end. */
    private int nextMarker() throws IOException {
        int b = read();
        if (b < 0) {
            return -1;
        }
        if (b != 0xFF) {
            throw new IOException("JPEG marker expected at byte " + (bytes - 1));
        }
        while (b == 0xFF) {
            b = read();
        }
        return b;
    }

    /** Skips entropy-coded data; returns the marker that ends it, or -1 at the end. */
    private int afterEntropyData() throws IOException {
        while (true) {
            int b = read();
            if (b < 0) {
                return -1;
            }
            if (b != 0xFF) {
                continue;
            }
            int next = read();
            while (next == 0xFF) {
                next = read();
            }
            if (next < 0) {
                return -1;
            }
            if (next != 0x00 && !(next >= 0xD0 && next <= 0xD7)) {
                return next;
            }
        }
    }

    private int read() throws IOException {
        int b = in.read();
        if (b >= 0) {
            bytes++;
        }
        return b;
    }

    private void skip(int n) throws IOException {
        for (int i = 0; i < n; i++) {
            if (read() < 0) {
                return;
            }
        }
    }
}
