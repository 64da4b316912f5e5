package dev.veil.inference;

import dev.veil.inference.detect.Candidate;
import dev.veil.inference.detect.Face;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** The hand-annotated face boxes of annotated-faces.csv, and matching of detections against them. */
final class AnnotatedFaces {

    /** A face box in pixels of its image. */
    record Box(double x1, double y1, double x2, double y2) {

        double height() {
            return y2 - y1;
        }

        Box scaled(double s, double dx, double dy) {
            return new Box(x1 * s + dx, y1 * s + dy, x2 * s + dx, y2 * s + dy);
        }

        double iou(Face face, int width, int height) {
            Candidate a = new Candidate(x1, y1, x2, y2, 1, List.of());
            Candidate b = new Candidate(face.xMin() * width, face.yMin() * height, face.xMax() * width,
                    face.yMax() * height, 1, List.of());
            return a.iou(b);
        }
    }

    /**
     * How detections compare with the truth: each true face is matched by the best unmatched detection with
     * IoU at least {@code minIou}; detections left over are false positives.
     */
    record Match(int found, int missed, int falsePositives, List<Face> unmatched) {

        static Match of(List<Face> faces, List<Box> truth, int width, int height, double minIou) {
            List<Face> left = new ArrayList<>(faces);
            int found = 0;
            for (Box box : truth) {
                Face best = null;
                double bestIou = minIou;
                for (Face f : left) {
                    double iou = box.iou(f, width, height);
                    if (iou >= bestIou) {
                        best = f;
                        bestIou = iou;
                    }
                }
                if (best != null) {
                    left.remove(best);
                    found++;
                }
            }
            return new Match(found, truth.size() - found, left.size(), List.copyOf(left));
        }
    }

    private AnnotatedFaces() {
    }

    static List<Box> of(String image) {
        List<Box> boxes = new ArrayList<>();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(Objects.requireNonNull(
                AnnotatedFaces.class.getResourceAsStream("annotated-faces.csv")), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] f = line.split(",");
                if (f[0].equals(image)) {
                    boxes.add(new Box(Double.parseDouble(f[1]), Double.parseDouble(f[2]), Double.parseDouble(f[3]),
                            Double.parseDouble(f[4])));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (boxes.isEmpty()) {
            throw new IllegalArgumentException("no annotated face for " + image);
        }
        return boxes;
    }
}
