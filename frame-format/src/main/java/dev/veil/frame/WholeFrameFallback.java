package dev.veil.frame;

import static org.bytedeco.opencv.global.opencv_imgproc.GaussianBlur;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_AREA;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_LINEAR;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_NEAREST;

import org.bytedeco.opencv.global.opencv_imgproc;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Size;

/**
 * The picture shown for a frame whose faces are not known (detection failed, never ran, or a sender the display
 * does not trust): the whole frame reduced to a few soft blocks. The sink and the display both show it.
 */
public final class WholeFrameFallback {

    /**
     * Blocks kept along the picture's short side: shapes and motion, no faces.
     * Counted on the short side because a face can fill it (a close-up, a portrait video); a face then spans at most
     * this many blocks, too few for eyes or a mouth.
     */
    public static final int OBSCURED_BLOCKS = 6;
    /** Pixels per block of the small picture on which the fallback's block edges are softened. */
    private static final int BLOCK_PIXELS = 12;

    private WholeFrameFallback() {
    }

    /** Obscures the whole image, for a frame whose faces are not known, whatever their size and orientation. */
    public static void apply(Mat image) {
        int shortSide = Math.min(image.cols(), image.rows());
        double block = Math.max(1.0, (double) shortSide / OBSCURED_BLOCKS);
        int across = Math.max(1, (int) Math.round(image.cols() / block));
        int down = Math.max(1, (int) Math.round(image.rows() / block));
        // The block edges are softened on a picture of BLOCK_PIXELS per block, not at full size: the same look for a
        // fraction of the cost (a full-size kernel as wide as a block would take longer than detecting the frame).
        try (Mat blocks = new Mat(); Mat soft = new Mat(); Size blocksSize = new Size(across, down);
             Size softSize = new Size(across * BLOCK_PIXELS, down * BLOCK_PIXELS); Size any = new Size(0, 0);
             Size fullSize = new Size(image.cols(), image.rows())) {
            opencv_imgproc.resize(image, blocks, blocksSize, 0, 0, INTER_AREA);
            opencv_imgproc.resize(blocks, soft, softSize, 0, 0, INTER_NEAREST);
            // Sharp block edges are detail of their own: soften them over about a third of a block.
            GaussianBlur(soft, soft, any, BLOCK_PIXELS / 3.0);
            opencv_imgproc.resize(soft, image, fullSize, 0, 0, INTER_LINEAR);
        }
    }
}
