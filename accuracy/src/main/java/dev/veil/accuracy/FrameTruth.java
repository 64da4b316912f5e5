package dev.veil.accuracy;

import java.util.ArrayList;
import java.util.List;

/**
 * The true faces of one frame (or still), in its pixels, as scoring sees them.
 *
 * @param width         the frame's width
 * @param height        the frame's height (sets the faces' {@link SizeBucket})
 * @param faces         the faces scored: each must be found and covered
 * @param barelyVisible faces the frame shows too little of to score (see {@link #visibleIn}); a detection on one is
 *                      not scored either way, in particular it is no false positive
 */
public record FrameTruth(int width, int height, List<Box> faces, List<Box> barelyVisible) {

    /** A face cut by the frame's edge is scored (on its visible part) when at least this share of it shows. */
    public static final double MIN_VISIBLE_SHARE = 0.3;
    /** ...and when its visible part is at least this many pixels wide and tall. */
    public static final double MIN_VISIBLE_SIDE = 2;

    public FrameTruth {
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("frame size " + width + "x" + height + " must be positive");
        }
        faces = List.copyOf(faces);
        barelyVisible = List.copyOf(barelyVisible);
    }

    /** The faces of a still, whole: every one is scored. */
    public static FrameTruth of(TruthPhoto photo) {
        return new FrameTruth(photo.width(), photo.height(), photo.boxes(), List.of());
    }

    /**
     * The faces of a frame, from boxes already in its pixels but maybe reaching past its edges: each is cut to the
     * frame, scored when at least {@value #MIN_VISIBLE_SHARE} of its area and {@value #MIN_VISIBLE_SIDE} px each
     * way show, set aside as barely visible when less shows, dropped when none does.
     */
    public static FrameTruth visibleIn(List<Box> boxes, int width, int height) {
        List<Box> scored = new ArrayList<>();
        List<Box> barely = new ArrayList<>();
        for (Box box : boxes) {
            Box visible = box.clippedTo(width, height);
            if (visible.area() <= 0) {
                continue;
            }
            boolean enough = visible.area() >= MIN_VISIBLE_SHARE * box.area()
                    && visible.width() >= MIN_VISIBLE_SIDE && visible.height() >= MIN_VISIBLE_SIDE;
            (enough ? scored : barely).add(visible);
        }
        return new FrameTruth(width, height, scored, barely);
    }
}
