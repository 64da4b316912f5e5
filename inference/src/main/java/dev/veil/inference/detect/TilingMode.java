package dev.veil.inference.detect;

/** When a YOLO model also looks at a frame in overlapping full-resolution tiles ({@code VEIL_TILING}). */
public enum TilingMode {
    /** Never: the whole frame, letterboxed once. */
    OFF,
    /** When letterboxing the whole frame would shrink it more than twice (long side above twice the input size). */
    AUTO,
    /** Whenever the frame is larger than one tile. */
    ON
}
