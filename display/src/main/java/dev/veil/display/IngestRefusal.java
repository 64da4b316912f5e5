package dev.veil.display;

/** Why an ingested frame was refused: its HTTP status, and the log line's message (one per reason). */
enum IngestRefusal {
    INVALID(400, "ingest refused: invalid frame"),
    UNAUTHORIZED(401, "ingest refused: bearer token"),
    LOCKED_OUT(429, "ingest refused: client locked out after wrong tokens"),
    UNSUPPORTED_TYPE(415, "ingest refused: not application/x-protobuf"),
    TOO_LARGE(413, "ingest refused: frame too large"),
    TOO_MANY_PIXELS(413, "ingest refused: picture has too many pixels"),
    IMPLAUSIBLE_TIME(422, "ingest refused: capture time ahead of this clock"),
    TOO_MANY_STREAMS(503, "ingest refused: too many streams");

    final int status;
    final String logMessage;

    IngestRefusal(int status, String logMessage) {
        this.status = status;
        this.logMessage = logMessage;
    }

    static IngestRefusals snapshot(RefusalCounts<IngestRefusal> counts) {
        return new IngestRefusals(counts.get(INVALID), counts.get(UNAUTHORIZED), counts.get(LOCKED_OUT),
                counts.get(UNSUPPORTED_TYPE), counts.get(TOO_LARGE), counts.get(TOO_MANY_PIXELS),
                counts.get(IMPLAUSIBLE_TIME), counts.get(TOO_MANY_STREAMS));
    }
}
