package dev.veil.display;

/**
 * Ingest requests refused since start, by reason: a body that is not a valid frame, or a stream id with control
 * characters (400); a missing or wrong token (401); a client locked out after wrong tokens (429); a body that is
 * not {@code application/x-protobuf} (415); a body over the size limit (413); a picture over the pixel limit (413);
 * a capture time ahead of the display's clock (422); a new stream beyond the limit (503).
 */
public record IngestRefusals(long invalid, long unauthorized, long lockedOut, long unsupportedType, long tooLarge,
                             long tooManyPixels, long implausibleTime, long tooManyStreams) {
}
