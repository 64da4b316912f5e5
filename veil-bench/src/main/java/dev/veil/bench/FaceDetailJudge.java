package dev.veil.bench;

import dev.veil.accuracy.Box;
import dev.veil.accuracy.FrameTruth;
import dev.veil.accuracy.SizeBucket;
import java.io.IOException;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.bytedeco.opencv.opencv_core.Rect;

/**
 * Judges an anonymized video against its input face by face: a true face whose box in the output keeps more than
 * {@link CoverageCheck#MAX_DETAIL_LEFT} of the fine detail (variance of the Laplacian) it has in the input is
 * <em>visible</em>; otherwise it lost its detail. This is how the accuracy issue judges {@code veil run}: per face
 * and frame, whatever found it.
 */
final class FaceDetailJudge {

    /**
     * Faces of one size bucket over all frames.
     *
     * @param faces      true faces judged (once per frame they are in)
     * @param hidden     of them, those that lost their detail in the output
     */
    record Counts(int faces, int hidden) {
        Counts plus(Counts other) {
            return new Counts(faces + other.faces, hidden + other.hidden);
        }
    }

    /**
     * @param buckets              faces judged and hidden per size bucket
     * @param framesWithFaceFrom16 frames with a face 16 px or taller
     * @param framesWithVisibleFace of them, frames where at least one such face kept its detail
     * @param inputFrames          frames of the input
     * @param outputFrames         frames of the output (must be the same)
     */
    record Verdict(Map<SizeBucket, Counts> buckets, int framesWithFaceFrom16, int framesWithVisibleFace,
                   int inputFrames, int outputFrames) {

        Counts from16() {
            return buckets.entrySet().stream().filter(e -> e.getKey().atLeast16()).map(Map.Entry::getValue)
                    .reduce(new Counts(0, 0), Counts::plus);
        }
    }

    private FaceDetailJudge() {
    }

    /** Faces too small to hold a measurable detail (a 3x3 Laplacian needs room) are left out. */
    private static final int MIN_SIDE = 4;

    static Verdict judge(Path input, Path output, List<FrameTruth> truth) throws IOException {
        Map<SizeBucket, Counts> buckets = new EnumMap<>(SizeBucket.class);
        for (SizeBucket b : SizeBucket.values()) {
            buckets.put(b, new Counts(0, 0));
        }
        int[] withFace = {0};
        int[] withVisible = {0};
        PicturePairs.Counts counts = PicturePairs.walk(input, output, (index, original, shown) -> {
            if (index >= truth.size()) {
                return;
            }
            if (original.cols() != shown.cols() || original.rows() != shown.rows()) {
                throw new IOException("the output is " + shown.cols() + "x" + shown.rows() + ", the input "
                        + original.cols() + "x" + original.rows() + ": the judge compares same-size pictures");
            }
            boolean any = false;
            boolean visible = false;
            for (Box face : truth.get(index).faces()) {
                SizeBucket bucket = SizeBucket.of(face.height(), original.rows());
                try (Rect box = pixels(face, original.cols(), original.rows())) {
                    if (box.width() < MIN_SIDE || box.height() < MIN_SIDE) {
                        continue;
                    }
                    double before = CoverageCheck.detail(original, box);
                    boolean hidden = before <= 0 || CoverageCheck.detail(shown, box) / before
                            <= CoverageCheck.MAX_DETAIL_LEFT;
                    buckets.put(bucket, buckets.get(bucket).plus(new Counts(1, hidden ? 1 : 0)));
                    if (bucket.atLeast16()) {
                        any = true;
                        visible |= !hidden;
                    }
                }
            }
            withFace[0] += any ? 1 : 0;
            withVisible[0] += visible ? 1 : 0;
        });
        return new Verdict(buckets, withFace[0], withVisible[0], counts.inputFrames(), counts.outputFrames());
    }

    private static Rect pixels(Box face, int width, int height) {
        int x0 = Math.max(0, (int) Math.floor(face.xMin()));
        int y0 = Math.max(0, (int) Math.floor(face.yMin()));
        int x1 = Math.min(width, (int) Math.ceil(face.xMax()));
        int y1 = Math.min(height, (int) Math.ceil(face.yMax()));
        return new Rect(x0, y0, Math.max(0, x1 - x0), Math.max(0, y1 - y0));
    }
}
