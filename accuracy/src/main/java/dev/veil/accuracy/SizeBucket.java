package dev.veil.accuracy;

/**
 * Faces by how tall they are on a 720-row picture, the size Veil shows: a face {@code h} pixels tall in a frame
 * {@code H} rows high counts as {@code h * 720 / H} (the frame scaled to 720 rows, its width following). Each bucket
 * holds its lower edge and not its upper one: a face exactly 16 px tall is {@link #FROM_16_TO_32}, exactly 64 px
 * {@link #OVER_64}.
 */
public enum SizeBucket {
    UNDER_16("< 16"),
    FROM_16_TO_32("16-32"),
    FROM_32_TO_64("32-64"),
    OVER_64("> 64");

    /** The rows of the picture the buckets are measured on. */
    public static final int REFERENCE_HEIGHT = 720;

    private final String label;

    SizeBucket(String label) {
        this.label = label;
    }

    /** The bucket of a face {@code faceHeight} pixels tall in a frame {@code frameHeight} rows high. */
    public static SizeBucket of(double faceHeight, int frameHeight) {
        if (frameHeight <= 0) {
            throw new IllegalArgumentException("frame height must be positive, not " + frameHeight);
        }
        return ofReferenceHeight(faceHeight * REFERENCE_HEIGHT / frameHeight);
    }

    /** The bucket of a face already measured on a 720-row picture. */
    public static SizeBucket ofReferenceHeight(double height) {
        if (height < 16) {
            return UNDER_16;
        }
        if (height < 32) {
            return FROM_16_TO_32;
        }
        return height < 64 ? FROM_32_TO_64 : OVER_64;
    }

    /** How reports name it: {@code < 16}, {@code 16-32}, {@code 32-64}, {@code > 64} (pixels at 720p). */
    public String label() {
        return label;
    }

    /** Whether faces of this bucket are at least 16 px tall at 720p: those every frame must cover. */
    public boolean atLeast16() {
        return this != UNDER_16;
    }
}
