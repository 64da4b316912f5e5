package dev.veil.accuracy;

/**
 * Faces of one size bucket (or of several) over any number of frames.
 *
 * @param faces   true faces scored, counted once per frame they are in
 * @param found   of them, found (see {@link Scoring})
 * @param covered of them, covered
 */
public record BucketCounts(int faces, int found, int covered) {

    public static final BucketCounts NONE = new BucketCounts(0, 0, 0);

    public BucketCounts {
        if (faces < 0 || found < 0 || covered < 0 || found > faces || covered > faces) {
            throw new IllegalArgumentException("found " + found + " and covered " + covered + " of " + faces
                    + " faces");
        }
    }

    /** Found among faces, 0..1; NaN when there was no face. */
    public double recall() {
        return faces == 0 ? Double.NaN : (double) found / faces;
    }

    /** Covered among faces, 0..1; NaN when there was no face. */
    public double coverage() {
        return faces == 0 ? Double.NaN : (double) covered / faces;
    }

    public BucketCounts plus(BucketCounts other) {
        return new BucketCounts(faces + other.faces, found + other.found, covered + other.covered);
    }

    BucketCounts plus(FaceResult face) {
        return new BucketCounts(faces + 1, found + (face.found() ? 1 : 0), covered + (face.covered() ? 1 : 0));
    }
}
