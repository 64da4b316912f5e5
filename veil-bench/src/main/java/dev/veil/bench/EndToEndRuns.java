package dev.veil.bench;

import dev.veil.accuracy.MarkdownTable;
import dev.veil.run.FrameCpu;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * One clip's end-to-end runs ({@code veil eval --runs}): what the table says of them. Privacy is judged on the run
 * that did worst; speed on the median run, with the slowest and fastest beside it, because this machine's speed
 * wanders by a fifth within minutes and one run can fall in a slow moment.
 *
 * @param runs in the order they ran; at least one
 */
record EndToEndRuns(List<Run> runs) {

    /** One {@code veil run} of the clip: its output judged, its frame rate after start-up, its CPU a frame by part. */
    record Run(FaceDetailJudge.Verdict verdict, double framesPerSecond, Optional<FrameCpu> cpu) {
    }

    EndToEndRuns {
        if (runs.isEmpty()) {
            throw new IllegalArgumentException("no run of the clip");
        }
        runs = List.copyOf(runs);
    }

    /**
     * The run that left the most faces of 16 px and more with their detail (then the most frames with such a face):
     * the one privacy is judged on. The first of equals.
     */
    Run worst() {
        return runs.stream().max(Comparator.comparingInt((Run r) -> r.verdict().from16().faces()
                - r.verdict().from16().hidden()).thenComparingInt(r -> r.verdict().framesWithVisibleFace())).orElseThrow();
    }

    /** Whether every run hid the same faces of each size (the pipeline is deterministic: it should). */
    boolean sameFaces() {
        return runs.stream().allMatch(r -> r.verdict().buckets().equals(runs.get(0).verdict().buckets()));
    }

    /**
     * The median run by frame rate, whose CPU the table shows: the middle one, or with an even count the slower of
     * the two middle ones (a frame rate that a real run reached, rounded toward the criterion's side).
     */
    Run median() {
        List<Run> bySpeed = runs.stream().sorted(Comparator.comparingDouble(Run::framesPerSecond)).toList();
        return bySpeed.get((bySpeed.size() - 1) / 2);
    }

    double slowest() {
        return runs.stream().mapToDouble(Run::framesPerSecond).min().orElseThrow();
    }

    double fastest() {
        return runs.stream().mapToDouble(Run::framesPerSecond).max().orElseThrow();
    }

    /** "31.2" for one run; "31.2 (29.8-32.0)" for several: the median, then the slowest and the fastest. */
    String framesPerSecondCell() {
        String median = MarkdownTable.decimal(median().framesPerSecond(), 1);
        if (runs.size() == 1) {
            return median;
        }
        return median + " (" + MarkdownTable.decimal(slowest(), 1) + "-" + MarkdownTable.decimal(fastest(), 1) + ")";
    }
}
