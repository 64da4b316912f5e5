package dev.veil.sink;

/** How a face is made unrecognizable. */
public enum AnonymizeMode {
    /** Gaussian blur whose strength grows with the face's size. */
    BLUR,
    /** Coarse mosaic: the face area scaled down to a few blocks and back up. */
    PIXELATE,
    /** Solid fill: nothing of the face remains. */
    FILL
}
