package dev.veil.display;

import java.util.List;

/** Every stream, sorted by id, and the ingest requests refused; served as JSON by {@code GET /api/streams}. */
public record DisplaySnapshot(List<StreamSnapshot> streams, IngestRefusals refused) {
}
