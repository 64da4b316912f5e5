package dev.veil.sink;

/** The shape of the area treated around each face. */
public enum MaskShape {
    /** The face's box and its margin. */
    RECTANGLE,
    /** The ellipse inscribed in that rectangle: closer to a head's outline, so less of the scene is lost. */
    ELLIPSE
}
