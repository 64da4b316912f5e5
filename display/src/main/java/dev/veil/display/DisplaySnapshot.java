package dev.veil.display;

import java.util.List;

/**
 * Every stream, sorted by id, and the requests refused; served as JSON by {@code GET /api/streams} and as metrics
 * by {@code GET /metrics}.
 */
public record DisplaySnapshot(List<StreamSnapshot> streams, IngestRefusals refused, ViewerRefusals viewersRefused,
                              RequestRefusals requestsRefused) {
}
