package dev.veil.sink;

/** How a face is treated. Every mode but {@link #BOXES} makes it unrecognizable. */
public enum AnonymizeMode {
    /** Gaussian blur whose strength grows with the face's size. */
    BLUR,
    /** Coarse mosaic: the face area scaled down to a few blocks and back up. */
    PIXELATE,
    /** Solid fill: nothing of the face remains. */
    FILL,
    /**
     * Debugging only: draws each face's outline and score and hides nothing, to check what the detector finds.
     * It shows faces, so it is never chosen by one setting alone (see {@link AnonymizerConfig}).
     */
    BOXES;

    /** False only for {@link #BOXES}, the one mode that leaves faces visible. */
    public boolean hidesFaces() {
        return this != BOXES;
    }
}
