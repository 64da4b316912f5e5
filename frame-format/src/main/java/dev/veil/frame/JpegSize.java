package dev.veil.frame;

import com.google.protobuf.ByteString;
import java.util.function.IntUnaryOperator;

/**
 * Width and height read from a JPEG's frame header (SOF segment) without decoding the image, so every
 * vertex can check a frame's declared size for the price of a few byte reads.
 */
public record JpegSize(int width, int height) {

    /**
     * The most pixels Veil decodes, 8K UHD (7680x4320, 100 MB as BGR): a JPEG of a few hundred bytes can declare
     * 65535x65535, and decoding it would take gigabytes and seconds, so the size is checked before decoding.
     */
    public static final long MAX_PIXELS = 7680L * 4320L;

    /** {@link #of}, refusing a picture of more than {@link #MAX_PIXELS}: call it before decoding bytes from outside. */
    public static JpegSize decodable(byte[] jpeg) throws InvalidFrameException {
        JpegSize size = of(jpeg);
        if (size.pixels() > MAX_PIXELS) {
            throw new InvalidFrameException("JPEG is " + size + ", " + size.pixels() + " pixels, more than the "
                    + MAX_PIXELS + " (8K, 7680x4320) Veil decodes");
        }
        return size;
    }

    public long pixels() {
        return (long) width * height;
    }

    /** Reads the size from the first SOF segment; throws when the bytes are not a well-formed JPEG header. */
    public static JpegSize of(byte[] jpeg) throws InvalidFrameException {
        return of(i -> jpeg[i] & 0xFF, jpeg.length);
    }

    /** As {@link #of(byte[])}, reading the header where it lies (a frame's JPEG is not copied to be checked). */
    public static JpegSize of(ByteString jpeg) throws InvalidFrameException {
        return of(i -> jpeg.byteAt(i) & 0xFF, jpeg.size());
    }

    /** @param at the unsigned byte at an index below {@code length} */
    private static JpegSize of(IntUnaryOperator at, int length) throws InvalidFrameException {
        if (length < 4 || at.applyAsInt(0) != 0xFF || at.applyAsInt(1) != 0xD8) {
            throw new InvalidFrameException("image is not a JPEG (no start-of-image marker)");
        }
        int pos = 2;
        while (pos < length) {
            if (at.applyAsInt(pos) != 0xFF) {
                throw new InvalidFrameException("JPEG header is corrupt at byte " + pos);
            }
            // Markers may be preceded by any number of 0xFF fill bytes.
            while (pos < length && at.applyAsInt(pos) == 0xFF) {
                pos++;
            }
            if (pos >= length) {
                break;
            }
            int marker = at.applyAsInt(pos++);
            if (marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7)) {
                continue; // standalone markers carry no length
            }
            if (marker == 0xD9 || marker == 0xDA) {
                throw new InvalidFrameException("JPEG has no frame header before its image data");
            }
            if (pos + 2 > length) {
                break;
            }
            int segment = (at.applyAsInt(pos) << 8) | at.applyAsInt(pos + 1);
            if (segment < 2) {
                throw new InvalidFrameException("JPEG segment length " + segment + " is invalid");
            }
            if (isStartOfFrame(marker)) {
                if (pos + 7 > length) {
                    break;
                }
                int height = (at.applyAsInt(pos + 3) << 8) | at.applyAsInt(pos + 4);
                int width = (at.applyAsInt(pos + 5) << 8) | at.applyAsInt(pos + 6);
                if (width == 0 || height == 0) {
                    throw new InvalidFrameException("JPEG declares an empty image (" + width + "x" + height + ")");
                }
                return new JpegSize(width, height);
            }
            pos += segment;
        }
        throw new InvalidFrameException("JPEG is truncated before its frame header");
    }

    private static boolean isStartOfFrame(int marker) {
        // SOF0..SOF15 except DHT (C4), JPG (C8) and DAC (CC), which share the range.
        return marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
    }

    @Override
    public String toString() {
        return width + "x" + height;
    }
}
