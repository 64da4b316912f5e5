package dev.veil.accuracy;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the reviewer decided about a photo's candidates, as its review file says it:
 *
 * <pre>
 * # a comment, for the review file only
 * note: a line copied into the truth file's header
 * remove #20 1083.7,221.5,1089.4,229.2 billboard print
 * add 1681,528,1713,568 face whose eyes a hand covers
 * </pre>
 *
 * A removal names the candidate by its box as the candidates file gives it (the {@code #id} only helps the reader);
 * it must match a candidate (IoU at least {@value #SAME_BOX_IOU}), so that a review never silently stops applying
 * when the references give other boxes.
 */
record ReviewDecisions(List<String> notes, List<Decision> removals, List<Decision> additions) {

    static final double SAME_BOX_IOU = 0.8;
    private static final Pattern LINE = Pattern.compile(
            "(remove|add)\\s+(?:#\\d+\\s+)?([-\\d.]+),([-\\d.]+),([-\\d.]+),([-\\d.]+)\\s+(.+)");

    /** A box and why it was removed or added. */
    record Decision(Box box, String reason) {
    }

    /** The outcome: the faces kept, with the decisions that made it. */
    record Outcome(List<TruthFace> faces, List<Decision> removed, List<Decision> added) {
    }

    static ReviewDecisions parse(String origin, List<String> lines) {
        List<String> notes = new ArrayList<>();
        List<Decision> removals = new ArrayList<>();
        List<Decision> additions = new ArrayList<>();
        for (int n = 0; n < lines.size(); n++) {
            String line = lines.get(n).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            if (line.startsWith("note:")) {
                notes.add(line.substring("note:".length()).strip());
                continue;
            }
            Matcher m = LINE.matcher(line);
            if (!m.matches()) {
                throw new IllegalArgumentException(origin + " line " + (n + 1) + ": expected 'note: ...', 'remove"
                        + " [#id] x0,y0,x1,y1 reason' or 'add x0,y0,x1,y1 reason', found '" + line + "'");
            }
            Decision d = new Decision(new Box(Double.parseDouble(m.group(2)), Double.parseDouble(m.group(3)),
                    Double.parseDouble(m.group(4)), Double.parseDouble(m.group(5))), m.group(6).strip());
            (m.group(1).equals("remove") ? removals : additions).add(d);
        }
        return new ReviewDecisions(notes, removals, additions);
    }

    /**
     * Applies the decisions to a photo's candidates.
     *
     * @throws IllegalStateException when a removal matches no candidate (the review is stale: review again)
     */
    Outcome apply(List<Candidate> candidates) {
        List<Candidate> left = new ArrayList<>(candidates);
        for (Decision r : removals) {
            Candidate match = left.stream()
                    .max(Comparator.comparingDouble(c -> c.box().iou(r.box())))
                    .filter(c -> c.box().iou(r.box()) >= SAME_BOX_IOU)
                    .orElseThrow(() -> new IllegalStateException("the review removes " + r.box() + " (" + r.reason()
                            + ") but no candidate has that box any more: review the new candidates"));
            left.remove(match);
        }
        List<TruthFace> faces = new ArrayList<>();
        left.forEach(c -> faces.add(new TruthFace(c.box(), c.source())));
        additions.forEach(a -> faces.add(new TruthFace(a.box(), FaceSource.MANUAL)));
        faces.sort(Comparator.comparingDouble((TruthFace f) -> Math.floor(f.box().yMin() / 32))
                .thenComparingDouble(f -> f.box().xMin()));
        return new Outcome(faces, removals, additions);
    }
}
