package dev.veil.accuracy;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Scores a frame's detections (boxes in frame pixels) against its true faces, two ways:
 * <ul>
 *   <li><b>found</b>: a detection matches the face with IoU at least {@value #FOUND_IOU}, each detection matching one
 *       face at most (best overlaps first): a detector's recall in the usual sense;</li>
 *   <li><b>covered</b>: one detection, grown by {@code margin} of its width and height on each side as Veil's sink
 *       grows what it hides, covers at least {@value #COVERED_SHARE} of the face's area: whether the face would be
 *       hidden, which is what privacy needs. One large detection may cover several faces.</li>
 * </ul>
 * A detection is a <b>false positive</b> when it touches no true face: IoU under {@value #FALSE_IOU} with every face
 * of the frame, of any size and including those barely visible, and covering none of them.
 *
 * @param margin growth of each detection per side, as a fraction of its size, for "covered": the sink's
 *               {@code VEIL_FACE_MARGIN} (its default is {@code AnonymizerConfig.DEFAULT_MARGIN}); 0 judges the boxes as
 *               they are
 */
public record Scoring(double margin) {

    public static final double FOUND_IOU = 0.4;
    public static final double COVERED_SHARE = 0.8;
    public static final double FALSE_IOU = 0.1;

    public Scoring {
        if (!(margin >= 0 && margin <= 2)) {
            throw new IllegalArgumentException("margin " + margin + " is out of range 0..2");
        }
    }


    public FrameScore score(FrameTruth truth, List<Box> detections) {
        List<Box> faces = truth.faces();
        boolean[] found = matchOneToOne(faces, detections);
        List<Box> grown = detections.stream().map(d -> d.grown(margin)).toList();
        List<FaceResult> results = new ArrayList<>(faces.size());
        for (int f = 0; f < faces.size(); f++) {
            Box face = faces.get(f);
            boolean covered = grown.stream().anyMatch(g -> face.coveredBy(g) >= COVERED_SHARE);
            results.add(new FaceResult(face, SizeBucket.of(face.height(), truth.height()), found[f], covered));
        }
        List<Box> everyFace = new ArrayList<>(faces);
        everyFace.addAll(truth.barelyVisible());
        int falsePositives = 0;
        for (int d = 0; d < detections.size(); d++) {
            Box detection = detections.get(d);
            Box cover = grown.get(d);
            boolean touches = everyFace.stream()
                    .anyMatch(face -> face.iou(detection) >= FALSE_IOU || face.coveredBy(cover) >= COVERED_SHARE);
            if (!touches) {
                falsePositives++;
            }
        }
        return new FrameScore(results, detections.size(), falsePositives);
    }

    /** Which faces a detection of their own matches: pairs at IoU >= FOUND_IOU, best first, each box used once. */
    private static boolean[] matchOneToOne(List<Box> faces, List<Box> detections) {
        record Pair(int face, int detection, double iou) {
        }
        List<Pair> pairs = new ArrayList<>();
        for (int f = 0; f < faces.size(); f++) {
            for (int d = 0; d < detections.size(); d++) {
                double iou = faces.get(f).iou(detections.get(d));
                if (iou >= FOUND_IOU) {
                    pairs.add(new Pair(f, d, iou));
                }
            }
        }
        pairs.sort(Comparator.comparingDouble(Pair::iou).reversed());
        boolean[] faceUsed = new boolean[faces.size()];
        boolean[] detectionUsed = new boolean[detections.size()];
        for (Pair p : pairs) {
            if (!faceUsed[p.face()] && !detectionUsed[p.detection()]) {
                faceUsed[p.face()] = true;
                detectionUsed[p.detection()] = true;
            }
        }
        return faceUsed;
    }
}
