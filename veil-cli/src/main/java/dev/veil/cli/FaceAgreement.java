package dev.veil.cli;

import dev.veil.inference.detect.Face;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * How the faces one runtime found in a picture agree with another's: each face paired with the other side's face it
 * overlaps most, best pairs first, a pair counting when it overlaps at least {@code minIou}. A face left without a
 * pair counts against the agreement unless its score is within {@code margin} of the threshold, where FP16 and FP32
 * arithmetic may put a face on either side of it.
 *
 * @param reference  the faces of the reference (the CPU)
 * @param candidate  the faces of the runtime checked (the GPU)
 * @param matched    pairs overlapping at least {@code minIou}
 * @param lowestIou  the least overlap among the matched pairs, 1 when none
 * @param unmatched  faces of either side without a pair, that are clear of the threshold
 * @param borderline faces of either side without a pair, within the margin of the threshold
 */
record FaceAgreement(List<Face> reference, List<Face> candidate, int matched, double lowestIou, List<Face> unmatched,
                     List<Face> borderline) {

    FaceAgreement {
        reference = List.copyOf(reference);
        candidate = List.copyOf(candidate);
        unmatched = List.copyOf(unmatched);
        borderline = List.copyOf(borderline);
    }

    static FaceAgreement of(List<Face> reference, List<Face> candidate, double minIou, double threshold,
                            double margin) {
        record Pair(int r, int c, double iou) {
        }
        List<Pair> pairs = new ArrayList<>();
        for (int r = 0; r < reference.size(); r++) {
            for (int c = 0; c < candidate.size(); c++) {
                double iou = reference.get(r).iou(candidate.get(c));
                if (iou >= minIou) {
                    pairs.add(new Pair(r, c, iou));
                }
            }
        }
        pairs.sort(Comparator.comparingDouble(Pair::iou).reversed());
        boolean[] referencePaired = new boolean[reference.size()];
        boolean[] candidatePaired = new boolean[candidate.size()];
        int matched = 0;
        double lowest = 1;
        for (Pair p : pairs) {
            if (!referencePaired[p.r()] && !candidatePaired[p.c()]) {
                referencePaired[p.r()] = true;
                candidatePaired[p.c()] = true;
                matched++;
                lowest = Math.min(lowest, p.iou());
            }
        }
        List<Face> unmatched = new ArrayList<>();
        List<Face> borderline = new ArrayList<>();
        sortOut(reference, referencePaired, threshold + margin, unmatched, borderline);
        sortOut(candidate, candidatePaired, threshold + margin, unmatched, borderline);
        return new FaceAgreement(reference, candidate, matched, lowest, unmatched, borderline);
    }

    private static void sortOut(List<Face> faces, boolean[] paired, double clear, List<Face> unmatched,
                                List<Face> borderline) {
        for (int i = 0; i < faces.size(); i++) {
            if (!paired[i]) {
                (faces.get(i).score() >= clear ? unmatched : borderline).add(faces.get(i));
            }
        }
    }

    /** Every face clear of the threshold has its pair on the other side. */
    boolean agrees() {
        return unmatched.isEmpty();
    }
}
