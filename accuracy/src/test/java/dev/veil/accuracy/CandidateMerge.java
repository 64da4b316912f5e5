package dev.veil.accuracy;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The union of the two references: a YuNet box and a YOLO box that overlap enough are one face (their boxes
 * averaged); every other box stays, marked with the reference that found it. Pairs are made best overlap first,
 * each box in at most one pair.
 */
final class CandidateMerge {

    static final double SAME_FACE_IOU = 0.3;

    private CandidateMerge() {
    }

    /** Candidates ordered top to bottom, then left to right (reading order), numbered from 1 in that order. */
    static List<Candidate> merge(List<ScoredBox> yunet, List<ScoredBox> yolo) {
        record Pair(int a, int b, double iou) {
        }
        List<Pair> pairs = new ArrayList<>();
        for (int a = 0; a < yunet.size(); a++) {
            for (int b = 0; b < yolo.size(); b++) {
                double iou = yunet.get(a).box().iou(yolo.get(b).box());
                if (iou >= SAME_FACE_IOU) {
                    pairs.add(new Pair(a, b, iou));
                }
            }
        }
        pairs.sort(Comparator.comparingDouble(Pair::iou).reversed());
        boolean[] usedA = new boolean[yunet.size()];
        boolean[] usedB = new boolean[yolo.size()];
        List<Candidate> merged = new ArrayList<>();
        for (Pair p : pairs) {
            if (!usedA[p.a()] && !usedB[p.b()]) {
                usedA[p.a()] = true;
                usedB[p.b()] = true;
                ScoredBox y = yunet.get(p.a());
                ScoredBox o = yolo.get(p.b());
                merged.add(new Candidate(0, y.box().averagedWith(o.box()), FaceSource.BOTH, y.score(), o.score()));
            }
        }
        for (int a = 0; a < yunet.size(); a++) {
            if (!usedA[a]) {
                merged.add(new Candidate(0, yunet.get(a).box(), FaceSource.YUNET, yunet.get(a).score(), Double.NaN));
            }
        }
        for (int b = 0; b < yolo.size(); b++) {
            if (!usedB[b]) {
                merged.add(new Candidate(0, yolo.get(b).box(), FaceSource.YOLO, Double.NaN, yolo.get(b).score()));
            }
        }
        merged.sort(Comparator.comparingDouble((Candidate c) -> Math.floor(c.box().yMin() / 32))
                .thenComparingDouble(c -> c.box().xMin()));
        List<Candidate> numbered = new ArrayList<>(merged.size());
        for (int i = 0; i < merged.size(); i++) {
            Candidate c = merged.get(i);
            numbered.add(new Candidate(i + 1, c.box(), c.source(), c.yunetScore(), c.yoloScore()));
        }
        return numbered;
    }
}
