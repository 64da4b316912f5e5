package dev.veil.accuracy;

import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Scores of many frames (a clip, a still, or several of them added up), per face size.
 *
 * @param buckets                faces, found and covered per size bucket (every bucket present)
 * @param frames                 frames scored
 * @param detections             detections in them
 * @param falsePositives         of them, false positives
 * @param framesWithFaceFrom16   frames with at least one face 16 px tall or more at 720p
 * @param framesAllFrom16Covered of those, frames where every such face is covered
 */
public record ScoreSummary(Map<SizeBucket, BucketCounts> buckets, int frames, int detections, int falsePositives,
                           int framesWithFaceFrom16, int framesAllFrom16Covered) {

    /** Nothing scored yet: the start of a sum. */
    public static final ScoreSummary EMPTY = new ScoreSummary(Map.of(), 0, 0, 0, 0, 0);

    public ScoreSummary {
        EnumMap<SizeBucket, BucketCounts> all = new EnumMap<>(SizeBucket.class);
        for (SizeBucket b : SizeBucket.values()) {
            all.put(b, buckets.getOrDefault(b, BucketCounts.NONE));
        }
        buckets = Collections.unmodifiableMap(all);
        if (framesAllFrom16Covered > framesWithFaceFrom16 || framesWithFaceFrom16 > frames
                || falsePositives > detections) {
            throw new IllegalArgumentException("inconsistent counts: " + framesAllFrom16Covered + " of "
                    + framesWithFaceFrom16 + " of " + frames + " frames, " + falsePositives + " of " + detections
                    + " detections false");
        }
    }

    /** The sum of frame scores. */
    public static ScoreSummary of(List<FrameScore> scores) {
        EnumMap<SizeBucket, BucketCounts> buckets = new EnumMap<>(SizeBucket.class);
        int detections = 0;
        int falsePositives = 0;
        int withFace = 0;
        int allCovered = 0;
        for (FrameScore s : scores) {
            for (FaceResult f : s.faces()) {
                buckets.put(f.bucket(), buckets.getOrDefault(f.bucket(), BucketCounts.NONE).plus(f));
            }
            detections += s.detections();
            falsePositives += s.falsePositives();
            if (s.hasFaceFrom16()) {
                withFace++;
                if (s.everyFaceFrom16Covered()) {
                    allCovered++;
                }
            }
        }
        return new ScoreSummary(buckets, scores.size(), detections, falsePositives, withFace, allCovered);
    }

    /** This and another summary added up (e.g. the clips of a set). */
    public ScoreSummary plus(ScoreSummary other) {
        EnumMap<SizeBucket, BucketCounts> sum = new EnumMap<>(SizeBucket.class);
        for (SizeBucket b : SizeBucket.values()) {
            sum.put(b, bucket(b).plus(other.bucket(b)));
        }
        return new ScoreSummary(sum, frames + other.frames, detections + other.detections,
                falsePositives + other.falsePositives, framesWithFaceFrom16 + other.framesWithFaceFrom16,
                framesAllFrom16Covered + other.framesAllFrom16Covered);
    }

    public BucketCounts bucket(SizeBucket bucket) {
        return buckets.get(bucket);
    }

    /** Every face, whatever its size. */
    public BucketCounts all() {
        return buckets.values().stream().reduce(BucketCounts.NONE, BucketCounts::plus);
    }

    /** The faces at least 16 px tall at 720p. */
    public BucketCounts from16() {
        return buckets.entrySet().stream().filter(e -> e.getKey().atLeast16()).map(Map.Entry::getValue)
                .reduce(BucketCounts.NONE, BucketCounts::plus);
    }

    /** False positives per frame; NaN without frames. */
    public double falsePositivesPerFrame() {
        return frames == 0 ? Double.NaN : (double) falsePositives / frames;
    }

    /** Frames without any face 16 px or taller: they say nothing about the share of frames covered. */
    public int framesWithoutFaceFrom16() {
        return frames - framesWithFaceFrom16;
    }

    /** Of the frames with a face 16 px or taller, the share where every such face is covered; NaN without any. */
    public double shareOfFramesCovered() {
        return framesWithFaceFrom16 == 0 ? Double.NaN : (double) framesAllFrom16Covered / framesWithFaceFrom16;
    }

    /**
     * One row per size bucket and a total: faces, found, covered. For example
     * <pre>
     * | face height at 720p | faces | found | covered |
     * | --- | --- | --- | --- |
     * | &lt; 16 | 120 | 45.0% (54/120) | 60.0% (72/120) |
     * </pre>
     */
    public MarkdownTable bucketTable() {
        MarkdownTable table = MarkdownTable.of("face height at 720p", "faces", "found", "covered");
        for (SizeBucket b : SizeBucket.values()) {
            table = table.withRow(row(b.label(), bucket(b)));
        }
        table = table.withRow(row(">= 16", from16()));
        return table.withRow(row("all", all()));
    }

    private static List<String> row(String label, BucketCounts c) {
        return List.of(label, Integer.toString(c.faces()), MarkdownTable.share(c.found(), c.faces()),
                MarkdownTable.share(c.covered(), c.faces()));
    }
}
