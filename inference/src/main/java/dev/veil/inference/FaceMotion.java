package dev.veil.inference;

import java.util.ArrayList;
import java.util.List;

/**
 * Moves the faces of a detection forward by a number of frames. Each face is matched with the same face in the
 * detection before (the one it overlaps most); its edges' speed is what they moved between the two, per frame.
 * The carried box covers the box as detected and the box moved by that speed, grown on each side by the
 * distance moved (the face may have accelerated, or turned back) and by a safety margin per frame of age, a
 * larger one for a face whose motion is unknown (new, or too fast to match). Landmarks are not carried.
 */
final class FaceMotion {

    /** Growth per frame of age on each side, as a share of the box's width or height, for a face whose motion is measured. */
    static final double MATCHED_GROWTH = 0.05;
    /** Same, for a face with no match in the detection before: its motion is unknown. */
    static final double UNMATCHED_GROWTH = 0.15;
    /** Least overlap (intersection over union) of two boxes that are the same face a few frames apart. */
    static final double MATCH_IOU = 0.1;

    private FaceMotion() {
    }

    /**
     * @param last     the faces of the last detection
     * @param previous the faces of the detection before it, or null when there was none
     * @param span     frames between the two detections (ignored without {@code previous})
     * @param age      frames from the last detection to the frame the faces are carried to, at least 1
     */
    static List<Face> carry(List<Face> last, List<Face> previous, long span, long age) {
        List<Face> out = new ArrayList<>(last.size());
        for (Face face : last) {
            Face before = previous == null || span <= 0 ? null : bestMatch(face, previous);
            double vx0 = 0;
            double vy0 = 0;
            double vx1 = 0;
            double vy1 = 0;
            if (before != null) {
                vx0 = (face.xMin() - before.xMin()) / span;
                vy0 = (face.yMin() - before.yMin()) / span;
                vx1 = (face.xMax() - before.xMax()) / span;
                vy1 = (face.yMax() - before.yMax()) / span;
            }
            double growth = (before == null ? UNMATCHED_GROWTH : MATCHED_GROWTH) * age;
            double gx = growth * face.width();
            double gy = growth * face.height();
            double xMin = Math.min(face.xMin(), face.xMin() + vx0 * age) - Math.abs(vx0) * age - gx;
            double yMin = Math.min(face.yMin(), face.yMin() + vy0 * age) - Math.abs(vy0) * age - gy;
            double xMax = Math.max(face.xMax(), face.xMax() + vx1 * age) + Math.abs(vx1) * age + gx;
            double yMax = Math.max(face.yMax(), face.yMax() + vy1 * age) + Math.abs(vy1) * age + gy;
            out.add(new Face(xMin, yMin, xMax, yMax, face.score(), List.of()));
        }
        return out;
    }

    private static Face bestMatch(Face face, List<Face> candidates) {
        Face best = null;
        double bestIou = MATCH_IOU;
        for (Face c : candidates) {
            double iou = face.iou(c);
            if (iou >= bestIou) {
                best = c;
                bestIou = iou;
            }
        }
        return best;
    }
}
