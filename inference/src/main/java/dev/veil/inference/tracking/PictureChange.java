package dev.veil.inference.tracking;

/**
 * Whether a frame's picture differs from an earlier one by more than camera or subject motion explains: the check
 * that lets the inference vertex carry faces into a frame it does not detect ({@code VEIL_DETECT_EVERY} > 1) only
 * when nothing new can have come into view. A cut to another scene, a person stepping in, a light switched on:
 * each changes some part of the picture in a way no small shift of the earlier picture reproduces.
 *
 * <p>How: both pictures as {@link Thumbnail}s; the newer one is cut into blocks of {@value #BLOCK}x{@value #BLOCK}
 * thumbnail pixels (64x64 frame pixels); each block looks for the shift of up to {@link #searchRadius} thumbnail
 * pixels that makes it most like the earlier picture (block matching, as video encoders estimate motion). If even
 * the best shift leaves some block's mean absolute difference above {@value #MAX_BLOCK_DIFFERENCE} grey levels,
 * the picture changed. Measured on pan and zoom clips of crowds and groups and on cuts in docs/detectors.md.
 */
public final class PictureChange {

    static final int BLOCK = 8;
    /** Mean absolute difference, in grey levels, above which a block is not the earlier picture moved. */
    static final double MAX_BLOCK_DIFFERENCE = 12;
    /** Search radius per frame between the two pictures, thumbnail pixels (16 frame pixels a frame at 720p). */
    static final int SHIFT_PER_FRAME = 2;
    static final int MAX_SHIFT = 8;

    private PictureChange() {
    }

    /** Shifts tried each way for pictures {@code frames} apart. */
    static int searchRadius(long frames) {
        return (int) Math.min(MAX_SHIFT, 1 + SHIFT_PER_FRAME * Math.max(1, frames));
    }

    /**
     * @param frames how many frames the newer picture comes after the earlier one (the motion to allow for)
     * @return true when some part of {@code now} is not {@code before} moved a little
     */
    public static boolean changed(Thumbnail before, Thumbnail now, long frames) {
        return worstBlock(before, now, frames) > MAX_BLOCK_DIFFERENCE;
    }

    /** The largest, over the blocks of {@code now}, of the least mean absolute difference any allowed shift gives. */
    static double worstBlock(Thumbnail before, Thumbnail now, long frames) {
        if (before.width() != now.width() || before.height() != now.height()) {
            return Double.POSITIVE_INFINITY;
        }
        int radius = searchRadius(frames);
        double worst = 0;
        for (int row = 0; row < now.height(); row += BLOCK) {
            // The last row and column of blocks are set against the picture's edge, overlapping their neighbours,
            // so that every block is whole: a sliver of a block would have nothing to match once shifted.
            int by = Math.max(0, Math.min(row, now.height() - BLOCK));
            for (int column = 0; column < now.width(); column += BLOCK) {
                int bx = Math.max(0, Math.min(column, now.width() - BLOCK));
                worst = Math.max(worst, bestShift(before, now, bx, by, radius));
                if (worst > MAX_BLOCK_DIFFERENCE) {
                    return worst;
                }
            }
        }
        return worst;
    }

    private static double bestShift(Thumbnail before, Thumbnail now, int bx, int by, int radius) {
        int x1 = Math.min(now.width(), bx + BLOCK);
        int y1 = Math.min(now.height(), by + BLOCK);
        int pixels = (x1 - bx) * (y1 - by);
        double best = Double.POSITIVE_INFINITY;
        for (int dy = -radius; dy <= radius; dy++) {
            for (int dx = -radius; dx <= radius; dx++) {
                long sum = 0;
                int counted = 0;
                for (int y = by; y < y1; y++) {
                    int sy = y + dy;
                    if (sy < 0 || sy >= before.height()) {
                        continue;
                    }
                    for (int x = bx; x < x1; x++) {
                        int sx = x + dx;
                        if (sx < 0 || sx >= before.width()) {
                            continue;
                        }
                        sum += Math.abs(now.at(x, y) - before.at(sx, sy));
                        counted++;
                    }
                }
                // A shift that leaves most of the block outside the earlier picture proves nothing.
                if (counted * 2 >= pixels) {
                    best = Math.min(best, (double) sum / counted);
                }
            }
        }
        return best;
    }
}
