package dev.veil.inference.detect;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Face proposals kept as columns of numbers rather than as objects, for a detector that proposes thousands a frame
 * and keeps a few hundred: a crowd frame gives YuNet about 5,000 candidates, each of which, as a {@link Candidate}
 * with five {@link Landmark}s, was seven objects made to be thrown away by suppression. Objects are made only for the
 * rows kept ({@link #candidate}, {@link #face}). Coordinates are the detector's pixels, as {@link Candidate}'s.
 * Not thread-safe: one per search.
 */
public final class CandidateColumns {

    private final int points;
    private double[] boxes = new double[4 * 256];
    private double[] scores = new double[256];
    private double[] landmarks;
    private int size;

    /** @param points landmarks per candidate (0 for none) */
    public CandidateColumns(int points) {
        if (points < 0) {
            throw new IllegalArgumentException(points + " landmarks");
        }
        this.points = points;
        this.landmarks = new double[2 * points * 256];
    }

    /** Appends a candidate with its corners and score; returns its row, whose landmarks are then {@link #point}. */
    public int add(double x1, double y1, double x2, double y2, double score) {
        if (size == scores.length) {
            int more = size * 2;
            boxes = Arrays.copyOf(boxes, 4 * more);
            scores = Arrays.copyOf(scores, more);
            landmarks = Arrays.copyOf(landmarks, 2 * points * more);
        }
        boxes[4 * size] = x1;
        boxes[4 * size + 1] = y1;
        boxes[4 * size + 2] = x2;
        boxes[4 * size + 3] = y2;
        scores[size] = score;
        return size++;
    }

    /** Sets landmark {@code n} of {@code row}. */
    public void point(int row, int n, double x, double y) {
        landmarks[2 * (row * points + n)] = x;
        landmarks[2 * (row * points + n) + 1] = y;
    }

    public int size() {
        return size;
    }

    /** Forgets every row. */
    public void clear() {
        size = 0;
    }

    /** Keeps only the rows {@code keep} says yes to, in their order. */
    public void retain(java.util.function.IntPredicate keep) {
        int to = 0;
        for (int row = 0; row < size; row++) {
            if (keep.test(row)) {
                if (to != row) {
                    System.arraycopy(boxes, 4 * row, boxes, 4 * to, 4);
                    scores[to] = scores[row];
                    System.arraycopy(landmarks, 2 * points * row, landmarks, 2 * points * to, 2 * points);
                }
                to++;
            }
        }
        size = to;
    }

    public double x1(int row) {
        return boxes[4 * row];
    }

    public double y1(int row) {
        return boxes[4 * row + 1];
    }

    public double x2(int row) {
        return boxes[4 * row + 2];
    }

    public double y2(int row) {
        return boxes[4 * row + 3];
    }

    /** A row's box area, as {@link Candidate#area}. */
    public double area(int row) {
        return Math.max(0, x2(row) - x1(row)) * Math.max(0, y2(row) - y1(row));
    }

    public double score(int row) {
        return scores[row];
    }

    /** The scores of every row, as an array of at least {@link #size} values (the columns' own: do not change it). */
    double[] scores() {
        return scores;
    }

    /** One row as a {@link Candidate}. */
    public Candidate candidate(int row) {
        List<Landmark> marks = new ArrayList<>(points);
        for (int n = 0; n < points; n++) {
            marks.add(new Landmark(landmarks[2 * (row * points + n)], landmarks[2 * (row * points + n) + 1]));
        }
        return new Candidate(x1(row), y1(row), x2(row), y2(row), scores[row], marks);
    }

    /** One row as a {@link Face}: divided by the frame size, as {@link Candidate#normalized} does. */
    public Face face(int row, int frameWidth, int frameHeight) {
        Landmark[] marks = new Landmark[points];
        for (int n = 0; n < points; n++) {
            marks[n] = new Landmark(landmarks[2 * (row * points + n)] / frameWidth,
                    landmarks[2 * (row * points + n) + 1] / frameHeight);
        }
        return new Face(x1(row) / frameWidth, y1(row) / frameHeight, x2(row) / frameWidth, y2(row) / frameHeight,
                scores[row], List.of(marks));
    }

    /** Every row as a {@link Candidate}, in order. */
    public List<Candidate> candidates() {
        List<Candidate> out = new ArrayList<>(size);
        for (int row = 0; row < size; row++) {
            out.add(candidate(row));
        }
        return out;
    }
}
