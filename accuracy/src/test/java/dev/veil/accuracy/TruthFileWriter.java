package dev.veil.accuracy;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/** Writes a truth file (the format {@link TruthPhoto#parse} reads) with the header that says how it was made. */
final class TruthFileWriter {

    /** How the candidates of one photo came to be, for the header. */
    record Provenance(String date, String referenceA, String referenceB, int yunet, int yolo, int both, int yunetOnly,
                      int yoloOnly, int yunetBelow) {
    }

    private TruthFileWriter() {
    }

    static List<String> lines(String fileName, int width, int height, String sha256, Provenance p,
                              ReviewDecisions review, ReviewDecisions.Outcome outcome) {
        List<String> out = new ArrayList<>();
        out.add("# photo: " + fileName);
        out.add("# size: " + width + "x" + height);
        out.add("# sha256: " + sha256);
        out.add("#");
        out.add("# Ground truth of Veil's accuracy set (module accuracy, dev.veil.accuracy): the faces of this photo,");
        out.add("# boxes in its own pixels (x_min,y_min top-left corner, x_max,y_max bottom-right corner, y down).");
        out.add("# Made " + p.date() + " by TruthCandidates (accuracy/README.md), then reviewed by eye.");
        out.add("# Reference A: " + p.referenceA());
        out.add("# Reference B: " + p.referenceB());
        out.add("# Merge: a pair with IoU >= " + CandidateMerge.SAME_FACE_IOU
                + " is one face (boxes averaged, source both); the others keep their source.");
        out.add("# Candidates: yunet " + p.yunet() + ", yolo " + p.yolo() + ", merged " + (p.both() + p.yunetOnly()
                + p.yoloOnly()) + " (both " + p.both() + ", yunet only " + p.yunetOnly() + ", yolo only "
                + p.yoloOnly() + ").");
        out.add("# Threshold of A: " + TruthCandidates.YUNET_SCORE + ". Its boxes from " + TruthCandidates.YUNET_BELOW
                + " up to it that are no candidate (" + p.yunetBelow() + " here) were looked at too, to see what a"
                + " lower threshold would add.");
        out.add("# Review: removed " + outcome.removed().size() + ", added " + outcome.added().size() + ", final "
                + outcome.faces().size() + ".");
        for (String note : review.notes()) {
            out.add("# " + note);
        }
        for (ReviewDecisions.Decision d : outcome.removed()) {
            out.add("# removed " + corners(d.box()) + ": " + d.reason());
        }
        for (ReviewDecisions.Decision d : outcome.added()) {
            out.add("# added " + corners(d.box()) + ": " + d.reason());
        }
        out.add(TruthPhoto.COLUMNS);
        for (TruthFace f : outcome.faces()) {
            out.add(corners(f.box()) + "," + f.source().csvName());
        }
        return out;
    }

    private static String corners(Box b) {
        return Rounding.pixels(b.xMin()) + "," + Rounding.pixels(b.yMin()) + "," + Rounding.pixels(b.xMax()) + ","
                + Rounding.pixels(b.yMax());
    }

    /** Today, in UTC, as the header's date. */
    static String date() {
        return LocalDate.now(ZoneOffset.UTC).format(DateTimeFormatter.ISO_LOCAL_DATE);
    }
}
