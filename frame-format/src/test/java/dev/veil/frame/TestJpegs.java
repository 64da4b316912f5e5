package dev.veil.frame;

import com.google.protobuf.ByteString;
import dev.veil.frame.v1.DetectionStatus;
import dev.veil.frame.v1.Frame;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import javax.imageio.ImageIO;

/** Small real JPEGs and frames for tests in every module (pure Java, no native code). */
public final class TestJpegs {

    private TestJpegs() {
    }

    /** A JPEG of a gradient with a rectangle, so it has both edges and smooth areas. */
    public static byte[] jpeg(int width, int height) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_3BYTE_BGR);
        Graphics2D g = image.createGraphics();
        for (int x = 0; x < width; x++) {
            g.setColor(new Color((x * 255) / Math.max(1, width - 1), 80, 160));
            g.drawLine(x, 0, x, height);
        }
        g.setColor(Color.WHITE);
        g.fillRect(width / 4, height / 4, Math.max(1, width / 2), Math.max(1, height / 2));
        g.dispose();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "jpg", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /**
     * A copy of {@code jpeg} whose frame header claims another size: a "decompression bomb" of a few hundred bytes
     * that a decoder taking the header at its word would allocate {@code width * height * 3} bytes for.
     */
    public static byte[] withDeclaredSize(byte[] jpeg, int width, int height) {
        byte[] forged = jpeg.clone();
        for (int pos = 2; pos + 9 < forged.length; ) {
            int marker = forged[pos + 1] & 0xFF;
            int length = ((forged[pos + 2] & 0xFF) << 8) | (forged[pos + 3] & 0xFF);
            if (marker >= 0xC0 && marker <= 0xC2) {
                forged[pos + 5] = (byte) (height >> 8);
                forged[pos + 6] = (byte) height;
                forged[pos + 7] = (byte) (width >> 8);
                forged[pos + 8] = (byte) width;
                return forged;
            }
            pos += 2 + length;
        }
        throw new IllegalArgumentException("no baseline or progressive frame header in this JPEG");
    }

    /** A valid frame as the source would emit it: detection not run yet. */
    public static Frame.Builder frame(String stream, long sequence, int width, int height) {
        return Frame.newBuilder()
                .setStreamId(stream)
                .setSequence(sequence)
                .setPtsMicros(sequence * 40_000L)
                .setCaptureTimeMicros(StageClock.nowMicros())
                .setWidth(width)
                .setHeight(height)
                .setJpeg(ByteString.copyFrom(jpeg(width, height)))
                .setDetectionStatus(DetectionStatus.DETECTION_STATUS_NOT_RUN);
    }
}
