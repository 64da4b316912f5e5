package dev.veil.source;

import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_BGR24;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUV420P;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_alloc;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_free;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_unref;
import static org.bytedeco.ffmpeg.global.avutil.av_free;
import static org.bytedeco.ffmpeg.global.avutil.av_malloc;
import static org.bytedeco.ffmpeg.global.swscale.SWS_AREA;
import static org.bytedeco.ffmpeg.global.swscale.SWS_BILINEAR;
import static org.bytedeco.ffmpeg.global.swscale.sws_alloc_context;
import static org.bytedeco.ffmpeg.global.swscale.sws_freeContext;
import static org.bytedeco.ffmpeg.global.swscale.sws_isSupportedOutput;
import static org.bytedeco.ffmpeg.global.swscale.sws_scale_frame;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;

import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.ffmpeg.swscale.SwsContext;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * Turns decoded pictures into 8-bit BGR images of a given size with swscale. Owns its scalers and the one image it
 * returns, which is reused (valid until the next call or {@link #close()}). One thread uses an instance.
 *
 * <p>A smaller size is made in two swscale passes: first the picture is shrunk in its own (planar YUV) format with
 * the area filter, which averages every source pixel (nothing aliases), then the small picture is converted to
 * BGR. Measured on a 4K frame shrunk to 720p, one bilinear pass straight to BGR cost about 17.5 ms of CPU, these
 * two about 7.5 ms (docs/benchmarks.md): the conversion then runs on a ninth of the pixels.
 */
final class PictureScaler implements AutoCloseable {

    private static final int PIXEL_ALIGN = 64;
    private static final int SCALE_THREADS = Math.min(4, Runtime.getRuntime().availableProcessors());

    private SwsContext shrinker;
    private SwsContext converter;
    /** The picture shrunk to the asked size, still in YUV; its buffer is swscale's (freed by av_frame_free). */
    private final AVFrame shrunk = av_frame_alloc();
    /** Describes {@link #bgrBuffer} to swscale; owns nothing (no buffer references). */
    private final AVFrame scaled = av_frame_alloc();
    private Mat bgr;
    private BytePointer bgrBuffer;

    /** {@code picture} as an 8-bit BGR image of {@code width x height}, owned by this scaler. */
    Mat bgr(AVFrame picture, int width, int height) {
        if (bgr == null || bgr.cols() != width || bgr.rows() != height) {
            releasePixels();
            // swscale writes whole SIMD blocks: rows aligned to 64 bytes and slack after the last one, else it
            // writes past the end of a tightly sized image (heap corruption at widths like 200).
            int stride = (width * 3 + PIXEL_ALIGN - 1) / PIXEL_ALIGN * PIXEL_ALIGN;
            long size = (long) stride * (height + 1) + PIXEL_ALIGN;
            bgrBuffer = new BytePointer(av_malloc(size)).capacity(size);
            bgr = new Mat(height, width, CV_8UC3, bgrBuffer, stride);
            scaled.format(AV_PIX_FMT_BGR24).width(width).height(height).linesize(0, stride);
        }
        AVFrame source = picture;
        if (width != picture.width() || height != picture.height()) {
            source = shrink(picture, width, height);
        }
        if (converter == null) {
            converter = scaler(SWS_BILINEAR, 1);
        }
        // swscale writes into the given plane (it allocates only for a frame without one); set again every time, as
        // it may clear what it did not allocate.
        scaled.data(0, bgrBuffer);
        int ret = sws_scale_frame(converter, scaled, source);
        if (ret < 0 || scaled.data(0) == null || scaled.data(0).address() != bgrBuffer.address()) {
            throw new IllegalStateException("FFmpeg cannot convert pixel format " + source.format() + " of "
                    + source.width() + "x" + source.height() + " to BGR (" + ret + ")");
        }
        return bgr;
    }

    /** {@code picture} made {@code width x height} in a planar YUV format, in a buffer swscale allocates. */
    private AVFrame shrink(AVFrame picture, int width, int height) {
        int format = sws_isSupportedOutput(picture.format()) != 0 ? picture.format() : AV_PIX_FMT_YUV420P;
        if (shrunk.width() != width || shrunk.height() != height || shrunk.format() != format) {
            av_frame_unref(shrunk);
            shrunk.format(format).width(width).height(height);
        }
        // The same colours: only the size changes in this pass.
        shrunk.colorspace(picture.colorspace()).color_range(picture.color_range())
                .color_primaries(picture.color_primaries()).color_trc(picture.color_trc());
        if (shrinker == null) {
            // Slice threads: shrinking a 4K picture is the largest part of the source's own work, on the thread that
            // also encodes the JPEG while the decoder's frame threads wait for it.
            shrinker = scaler(SWS_AREA, SCALE_THREADS);
        }
        int ret = sws_scale_frame(shrinker, shrunk, picture);
        if (ret < 0) {
            throw new IllegalStateException("FFmpeg cannot scale pixel format " + picture.format() + " from "
                    + picture.width() + "x" + picture.height() + " to " + width + "x" + height + " (" + ret + ")");
        }
        return shrunk;
    }

    private static SwsContext scaler(int flags, int threads) {
        SwsContext context = sws_alloc_context();
        if (context == null) {
            throw new OutOfMemoryError("FFmpeg could not allocate a scaler");
        }
        return context.threads(threads).flags(flags);
    }

    @Override
    public void close() {
        releasePixels();
        sws_freeContext(shrinker);
        sws_freeContext(converter);
        shrinker = null;
        converter = null;
        av_frame_free(shrunk);
        av_frame_free(scaled);
    }

    private void releasePixels() {
        if (bgr != null) {
            bgr.close();
            scaled.data(0, null);
            av_free(bgrBuffer);
            bgr = null;
            bgrBuffer = null;
        }
    }
}
