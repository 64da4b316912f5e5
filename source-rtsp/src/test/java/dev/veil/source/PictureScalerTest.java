package dev.veil.source;

import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_NV12;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUV420P;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_alloc;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_free;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_get_buffer;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.function.IntBinaryOperator;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.indexer.UByteIndexer;
import org.bytedeco.opencv.opencv_core.Mat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Decoded pictures (YUV as the CPU decoders give it, NV12 as NVDEC gives it) to BGR images of the asked size. */
class PictureScalerTest {

    /** Pure red in BT.601 limited-range YUV. */
    private static final int RED_Y = 81;
    private static final int RED_U = 90;
    private static final int RED_V = 240;

    @ParameterizedTest
    @ValueSource(ints = {AV_PIX_FMT_YUV420P, AV_PIX_FMT_NV12})
    void aPictureIsConvertedToBgrAtItsOwnSizeAndWhenShrunk(int format) {
        AVFrame red = picture(format, 1280, 720, (x, y) -> RED_Y, RED_U, RED_V);
        try (PictureScaler scaler = new PictureScaler()) {
            assertRed(scaler.bgr(red, 1280, 720), 1280, 720);
            assertRed(scaler.bgr(red, 426, 240), 426, 240);
        } finally {
            av_frame_free(red);
        }
    }

    @Test
    void shrinkingAveragesEverySourcePixelSoThinStripesBecomeGrey() {
        // One-pixel black and white columns: a filter that samples instead of averaging gives black or white.
        AVFrame stripes = picture(AV_PIX_FMT_YUV420P, 1280, 720, (x, y) -> x % 2 == 0 ? 16 : 235, 128, 128);
        try (PictureScaler scaler = new PictureScaler()) {
            Mat small = scaler.bgr(stripes, 320, 180);
            int darkest = 255;
            int brightest = 0;
            try (UByteIndexer pixels = small.createIndexer()) {
                for (int y = 0; y < small.rows(); y++) {
                    for (int x = 0; x < small.cols(); x++) {
                        for (int c = 0; c < 3; c++) {
                            darkest = Math.min(darkest, pixels.get(y, x, c));
                            brightest = Math.max(brightest, pixels.get(y, x, c));
                        }
                    }
                }
            }
            assertTrue(darkest > 110 && brightest < 145, "mid grey everywhere, found " + darkest + ".." + brightest);
        } finally {
            av_frame_free(stripes);
        }
    }

    @Test
    void theImageHasAlignedRowsAndIsReusedWhileTheSizeStaysTheSame() {
        AVFrame red = picture(AV_PIX_FMT_YUV420P, 640, 360, (x, y) -> RED_Y, RED_U, RED_V);
        try (PictureScaler scaler = new PictureScaler()) {
            // 200 pixels of BGR are 600 bytes, not a whole number of SIMD blocks: swscale needs the slack.
            Mat odd = scaler.bgr(red, 200, 113);
            assertRed(odd, 200, 113);
            assertEquals(0, odd.step() % 64, "rows start on 64-byte boundaries");
            assertTrue(odd.step() >= 200 * 3);
            assertSame(odd, scaler.bgr(red, 200, 113));

            Mat other = scaler.bgr(red, 320, 180);
            assertRed(other, 320, 180);
            assertRed(scaler.bgr(red, 640, 360), 640, 360);
        } finally {
            av_frame_free(red);
        }
    }

    private static void assertRed(Mat bgr, int width, int height) {
        assertEquals(width, bgr.cols());
        assertEquals(height, bgr.rows());
        assertEquals(CV_8UC3, bgr.type());
        try (UByteIndexer pixels = bgr.createIndexer()) {
            for (int[] at : new int[][] {{0, 0}, {width / 2, height / 2}, {width - 1, height - 1}}) {
                int blue = pixels.get(at[1], at[0], 0);
                int green = pixels.get(at[1], at[0], 1);
                int redValue = pixels.get(at[1], at[0], 2);
                assertTrue(blue < 20 && green < 20 && redValue > 235,
                        "red at " + at[0] + "," + at[1] + ": BGR " + blue + "," + green + "," + redValue);
            }
        }
    }

    /** A picture of luma {@code luma(x, y)} and one chroma value, in YUV 4:2:0 (planar or NV12). */
    private static AVFrame picture(int format, int width, int height, IntBinaryOperator luma, int u, int v) {
        AVFrame frame = av_frame_alloc().format(format).width(width).height(height);
        if (av_frame_get_buffer(frame, 0) < 0) {
            av_frame_free(frame);
            throw new OutOfMemoryError("no picture buffer");
        }
        BytePointer plane = frame.data(0);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                plane.put((long) y * frame.linesize(0) + x, (byte) luma.applyAsInt(x, y));
            }
        }
        BytePointer first = frame.data(1);
        BytePointer second = frame.data(2);
        int chromaWidth = (width + 1) / 2;
        for (int y = 0; y < (height + 1) / 2; y++) {
            for (int x = 0; x < chromaWidth; x++) {
                if (format == AV_PIX_FMT_NV12) {
                    first.put((long) y * frame.linesize(1) + 2L * x, (byte) u);
                    first.put((long) y * frame.linesize(1) + 2L * x + 1, (byte) v);
                } else {
                    first.put((long) y * frame.linesize(1) + x, (byte) u);
                    second.put((long) y * frame.linesize(2) + x, (byte) v);
                }
            }
        }
        return frame;
    }
}
