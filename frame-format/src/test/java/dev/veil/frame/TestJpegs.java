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
