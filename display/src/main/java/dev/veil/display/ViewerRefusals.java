package dev.veil.display;

/**
 * Viewer requests refused since start: without the right credentials (401), from a client locked out after wrong
 * ones (429), or with every viewer slot taken (503).
 */
public record ViewerRefusals(long unauthorized, long lockedOut, long tooManyViewers) {
}
