package dev.veil.display;

/**
 * Ingest requests refused since start, by reason: a body that is not a valid frame (400), a missing or wrong
 * token (401), a body over the size limit (413), a new stream beyond the limit (503).
 */
public record IngestRefusals(long invalid, long unauthorized, long tooLarge, long tooManyStreams) {
}
