package dev.veil.inference.tracking;

import dev.veil.frame.InvalidFrameException;
import dev.veil.frame.JpegSize;
import dev.veil.stage.Picture;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * A frame's picture at an eighth of its size, grey: each pixel the mean brightness of an 8x8 block. Made straight
 * from the JPEG by libjpeg's scaled decoding when the picture came as one (only each block's mean is decoded, a small
 * part of a full decode), else from the pixels; enough to tell whether a picture changed more than a camera's motion explains ({@link PictureChange}).
 *
 * @param pixels row-major, {@code width * height} bytes
 */
public record Thumbnail(int width, int height, byte[] pixels) {

    public Thumbnail {
        if (width <= 0 || height <= 0 || pixels.length != width * height) {
            throw new IllegalArgumentException("a " + width + "x" + height + " thumbnail needs " + width * height
                    + " pixels, not " + pixels.length);
        }
    }

    static Thumbnail ofJpeg(byte[] jpeg) throws InvalidFrameException {
        JpegSize size = JpegSize.of(jpeg);
        try (Picture picture = Picture.ofJpeg(jpeg, size.width(), size.height())) {
            return of(picture);
        }
    }

    /** The thumbnail of a picture: from its JPEG when it is not decoded, else from its pixels. */
    public static Thumbnail of(Picture picture) throws InvalidFrameException {
        try (Mat grey = picture.greyEighth()) {
            if (grey.channels() != 1 || !grey.isContinuous()) {
                throw new InvalidFrameException("picture does not reduce to one grey channel");
            }
            byte[] pixels = new byte[grey.cols() * grey.rows()];
            grey.data().get(pixels);
            return new Thumbnail(grey.cols(), grey.rows(), pixels);
        }
    }

    int at(int x, int y) {
        return pixels[y * width + x] & 0xff;
    }
}
