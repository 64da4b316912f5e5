package dev.veil.inference;

import static org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_REDUCED_GRAYSCALE_8;

import dev.veil.frame.InvalidFrameException;
import dev.veil.frame.JpegCodec;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * A frame's picture at an eighth of its size, grey: each pixel the mean brightness of an 8x8 block. Made straight
 * from the JPEG by libjpeg's scaled decoding (only each block's mean is decoded), which costs a small part of a
 * full decode; enough to tell whether a picture changed more than a camera's motion explains ({@link PictureChange}).
 *
 * @param pixels row-major, {@code width * height} bytes
 */
record Thumbnail(int width, int height, byte[] pixels) {

    Thumbnail {
        if (width <= 0 || height <= 0 || pixels.length != width * height) {
            throw new IllegalArgumentException("a " + width + "x" + height + " thumbnail needs " + width * height
                    + " pixels, not " + pixels.length);
        }
    }

    static Thumbnail ofJpeg(byte[] jpeg) throws InvalidFrameException {
        try (Mat grey = JpegCodec.decode(jpeg, IMREAD_REDUCED_GRAYSCALE_8)) {
            if (grey.channels() != 1 || !grey.isContinuous()) {
                throw new InvalidFrameException("JPEG does not decode to one grey channel (" + jpeg.length + " bytes)");
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
