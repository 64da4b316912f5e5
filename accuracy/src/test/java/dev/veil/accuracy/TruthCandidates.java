package dev.veil.accuracy;

import static org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_COLOR;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imread;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.veil.frame.SharedTestData;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.bytedeco.opencv.opencv_core.Mat;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Re-derives the ground truth's candidates (accuracy/README.md): runs both references on every photo of the set,
 * merges them, and writes to {@code target/truth-review/} the candidates ({@code <photo>.candidates.csv}) and the
 * pictures to review them by. Where a review file exists ({@code src/test/resources/dev/veil/accuracy/review/}),
 * it also applies it and writes the truth file the review gives ({@code truth/<photo>.csv}), to compare with the
 * one in {@code src/main/resources}. A tool, not a test: it runs only with {@code -Dveil.truth=true}, and needs
 * ../shared.
 *
 * <pre>
 * mvn -B -ntp -o -pl accuracy test -Dtest=TruthCandidates -Dveil.truth=true -Dsurefire.failIfNoSpecifiedTests=false
 * </pre>
 */
class TruthCandidates {

    /** YuNet's threshold for the truth (the review of the boxes just below it is in the truth files' headers). */
    static final double YUNET_SCORE = 0.6;
    /** YuNet boxes from here up to {@link #YUNET_SCORE} get their own sheets, to see what the threshold leaves out. */
    static final double YUNET_BELOW = 0.5;

    private static final Path OUT = Path.of("target", "truth-review");
    private static final Path REVIEWS = Path.of("src", "test", "resources", "dev", "veil", "accuracy", "review");

    @Test
    void deriveCandidates() throws IOException {
        Assumptions.assumeTrue(Boolean.getBoolean("veil.truth"), "tool only: run with -Dveil.truth=true");
        Path yunetModel = SharedTestData.fileOrSkip("models/yunet/yunet_n_640_640.onnx");
        Path yoloModel = SharedTestData.fileOrSkip("models/yolov5n-0.5-face.onnx");
        String only = System.getProperty("veil.truth.photo", "");
        Files.createDirectories(OUT);
        List<String> summary = new ArrayList<>();
        try (YuNetReference yunet = new YuNetReference(yunetModel, YUNET_BELOW);
             YoloReference yolo = new YoloReference(yoloModel)) {
            for (Path file : photos()) {
                String name = file.getFileName().toString();
                if (!only.isEmpty() && !only.equals(name)) {
                    continue;
                }
                try (Mat photo = imread(file.toString(), IMREAD_COLOR)) {
                    assertFalse(photo.empty(), "OpenCV could not read " + file);
                    summary.add(derive(file, photo, yunet, yolo));
                }
            }
        }
        Files.write(OUT.resolve("summary.txt"), summary, StandardCharsets.UTF_8);
        summary.forEach(System.out::println);
    }

    private static String derive(Path file, Mat photo, YuNetReference yunet, YoloReference yolo) throws IOException {
        String name = file.getFileName().toString();
        long start = System.nanoTime();
        List<ScoredBox> yunetAll = yunet.detect(photo);
        long yunetMs = (System.nanoTime() - start) / 1_000_000;
        List<ScoredBox> yunetBoxes = yunetAll.stream().filter(b -> b.score() >= YUNET_SCORE).toList();
        List<ScoredBox> yunetBelow = yunetAll.stream().filter(b -> b.score() < YUNET_SCORE).toList();
        start = System.nanoTime();
        List<ScoredBox> yoloBoxes = yolo.detect(photo);
        long yoloMs = (System.nanoTime() - start) / 1_000_000;
        List<Candidate> candidates = CandidateMerge.merge(yunetBoxes, yoloBoxes);

        String stem = name.substring(0, name.lastIndexOf('.'));
        Path sheets = OUT.resolve(stem);
        List<String> lines = new ArrayList<>();
        lines.add(Candidate.COLUMNS);
        candidates.forEach(c -> lines.add(c.csv()));
        Files.write(OUT.resolve(name + ".candidates.csv"), lines, StandardCharsets.UTF_8);

        List<ReviewSheets.Mark> marks = candidates.stream().map(TruthCandidates::mark).toList();
        reviewRegions(photo, marks, sheets, "");
        ReviewSheets.contactSheets(photo, marks, List.of(), ReviewSheets.SMALL_CELL, sheets, "candidates");
        // The boxes only one reference found, each in its context: where false ones hide.
        List<ReviewSheets.Mark> single = marks.stream().filter(m -> m.colour() != ReviewSheets.Colour.BOTH).toList();
        ReviewSheets.contactSheets(photo, single, marks, ReviewSheets.LARGE_CELL, sheets, "single-source");
        // YuNet boxes just under the threshold that are no candidate: what the threshold leaves out.
        List<ReviewSheets.Mark> below = new ArrayList<>();
        List<String> belowLines = new ArrayList<>(List.of("x_min,y_min,x_max,y_max,yunet_score"));
        for (ScoredBox b : yunetBelow) {
            if (candidates.stream().noneMatch(c -> c.box().iou(b.box()) >= CandidateMerge.SAME_FACE_IOU)) {
                String score = String.format(Locale.ROOT, "%.3f", b.score());
                String label = (below.size() + 1) + " " + score;
                below.add(new ReviewSheets.Mark(b.box(), label, ReviewSheets.Colour.REMOVED));
                belowLines.add(Rounding.pixels(b.box().xMin()) + "," + Rounding.pixels(b.box().yMin()) + ","
                        + Rounding.pixels(b.box().xMax()) + "," + Rounding.pixels(b.box().yMax()) + "," + score);
            }
        }
        Files.write(OUT.resolve(name + ".yunet-below-" + YUNET_SCORE + ".csv"), belowLines, StandardCharsets.UTF_8);
        ReviewSheets.contactSheets(photo, below, marks, ReviewSheets.LARGE_CELL, sheets, "yunet-below-" + YUNET_SCORE);

        int both = (int) candidates.stream().filter(c -> c.source() == FaceSource.BOTH).count();
        int onlyA = (int) candidates.stream().filter(c -> c.source() == FaceSource.YUNET).count();
        int onlyB = (int) candidates.stream().filter(c -> c.source() == FaceSource.YOLO).count();
        String summary = name + ": yunet " + yunetBoxes.size() + " (" + yunetMs + " ms; " + yunetBelow.size()
                + " more in " + YUNET_BELOW + ".." + YUNET_SCORE + ", " + below.size() + " of them no candidate), yolo "
                + yoloBoxes.size() + " (" + yoloMs + " ms), merged " + candidates.size() + " (both " + both
                + ", yunet only " + onlyA + ", yolo only " + onlyB + ")";

        Path reviewFile = REVIEWS.resolve(name + ".review");
        if (Files.isRegularFile(reviewFile)) {
            ReviewDecisions review = ReviewDecisions.parse(reviewFile.toString(),
                    Files.readAllLines(reviewFile, StandardCharsets.UTF_8));
            ReviewDecisions.Outcome outcome = review.apply(candidates);
            TruthFileWriter.Provenance provenance = new TruthFileWriter.Provenance(TruthFileWriter.date(),
                    yunet.describe(YUNET_SCORE), yolo.describe(), yunetBoxes.size(), yoloBoxes.size(), both, onlyA,
                    onlyB, below.size());
            Path truth = OUT.resolve("truth").resolve(name + ".csv");
            Files.createDirectories(truth.getParent());
            Files.write(truth, TruthFileWriter.lines(name, photo.cols(), photo.rows(), FileDigest.sha256(file),
                    provenance, review, outcome), StandardCharsets.UTF_8);
            List<ReviewSheets.Mark> reviewed = new ArrayList<>();
            for (TruthFace f : outcome.faces()) {
                reviewed.add(new ReviewSheets.Mark(f.box(), "", ReviewSheets.Colour.of(f.source())));
            }
            for (ReviewDecisions.Decision d : outcome.removed()) {
                reviewed.add(new ReviewSheets.Mark(d.box(), "x", ReviewSheets.Colour.REMOVED));
            }
            reviewRegions(photo, reviewed, sheets, "truth-");
            summary += "; review: removed " + outcome.removed().size() + ", added " + outcome.added().size()
                    + ", final " + outcome.faces().size() + " -> " + truth;
        }
        return summary;
    }

    /** The whole photo (fitted to about 1600 pixels), and for big photos enlarged tiles of it. */
    private static void reviewRegions(Mat photo, List<ReviewSheets.Mark> marks, Path dir, String prefix) {
        int w = photo.cols();
        int h = photo.rows();
        double fit = Math.min(1600.0 / w, 1000.0 / h);
        ReviewSheets.region(photo, 0, 0, w, h, Math.min(2, fit), 100, marks, dir.resolve(prefix + "whole.png"));
        int tile = 400;
        int overlap = 40;
        if (w <= tile + overlap && h <= tile + overlap) {
            return;
        }
        for (int y = 0, row = 0; y < h - overlap; y += tile - overlap, row++) {
            for (int x = 0, col = 0; x < w - overlap; x += tile - overlap, col++) {
                ReviewSheets.region(photo, x, y, tile, tile, 2.5, 20, marks,
                        dir.resolve(String.format("%stile-r%d-c%d.png", prefix, row, col)));
            }
        }
    }

    private static ReviewSheets.Mark mark(Candidate c) {
        return new ReviewSheets.Mark(c.box(), Integer.toString(c.id()), ReviewSheets.Colour.of(c.source()));
    }

    /** The photos of the set, in its order: those in ../shared/media and the repository's own portrait. */
    private static List<Path> photos() {
        Path media = TestPhotos.sharedMediaOrSkip();
        return TruthSet.load().photos().stream().map(TruthPhoto::fileName)
                .map(name -> (name.equals(TruthSet.PORTRAIT) ? TestPhotos.portraitFolder() : media).resolve(name))
                .toList();
    }
}
