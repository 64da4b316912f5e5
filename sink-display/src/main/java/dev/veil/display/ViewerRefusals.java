package dev.veil.display;

/** Viewer requests refused since start: without the right credentials (401), or with every viewer slot taken (503). */
public record ViewerRefusals(long unauthorized, long tooManyViewers) {
}
